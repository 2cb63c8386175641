// Sign-in journey: every demo role signs in, visits every section its
// navigation shows, and signs out; forbidden sections and a wrong password
// answer in French. Every page is checked (axe WCAG 2.1 A/AA, one h1,
// lang="fr", a title that says where one is) and screenshotted.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { DEMO_ACCOUNTS, checkPage, navLinks, signIn, signOut, useServer } from '../lib/harness.js';

const app = useServer();

const COMMON = ['/', '/vis-ma-vie', '/ateliers', '/initiatives', '/competences'];

// What each role's navigation must show (DESIGN.md, "Routes").
const EXPECTED_NAV = {
  agent: COMMON,
  manager: COMMON,
  elu: [...COMMON, '/pilotage'],
  rh: [...COMMON, '/rh', '/pilotage'],
  admin: [...COMMON, '/pilotage', '/admin'],
};

// Screenshot name of a section: "agent-accueil", "rh-vis-ma-vie"…
function shotName(role, href) {
  return `${role}-${href === '/' ? 'accueil' : href.replace(/^\//, '').replace(/\//g, '-')}`;
}

test('the sign-in page is in order', async () => {
  const page = await app.newPage();
  const response = await page.goto('/connexion');
  assert.equal(response.status(), 200);
  const { h1 } = await checkPage(page, 'connexion');
  assert.equal(h1, 'Connexion à Passerelles');
});

test('an anonymous visitor is sent to the sign-in page', async () => {
  const page = await app.newPage();
  await page.goto('/ateliers');
  const url = new URL(page.url());
  assert.equal(url.pathname, '/connexion');
  assert.equal(url.searchParams.get('suivant'), '/ateliers');
});

test('a wrong password shows an error tied to the fields', async () => {
  const page = await app.newPage();
  await page.goto('/connexion');
  await page.locator('#username').fill(DEMO_ACCOUNTS.agent.username);
  await page.locator('#password').fill('pas-le-bon');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Se connecter' }).click()]);
  assert.equal(new URL(page.url()).pathname, '/connexion');
  const alert = page.locator('[role="alert"]');
  assert.equal(await alert.count(), 1);
  assert.ok((await alert.innerText()).trim().length > 0, 'the alert says something');
  const alertId = await alert.getAttribute('id');
  for (const field of ['#username', '#password']) {
    assert.equal(await page.locator(field).getAttribute('aria-invalid'), 'true', `${field} is marked invalid`);
    const describedBy = (await page.locator(field).getAttribute('aria-describedby')) || '';
    assert.ok(alertId && describedBy.split(/\s+/).includes(alertId), `${field} is described by the error`);
  }
  // The username is kept, the password is not.
  assert.equal(await page.locator('#username').inputValue(), DEMO_ACCOUNTS.agent.username);
  assert.equal(await page.locator('#password').inputValue(), '');
  await checkPage(page, 'connexion-erreur');
});

for (const [role, account] of Object.entries(DEMO_ACCOUNTS)) {
  test(`${role} (${account.username}) signs in, visits every section of the nav, signs out`, async () => {
    const page = await app.newPage();
    await signIn(page, account.username);

    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal((await page.locator('h1').innerText()).trim(), `Bonjour, ${account.firstName}`);

    const links = await navLinks(page);
    assert.deepEqual(links, EXPECTED_NAV[role], `${role}'s navigation`);

    const titles = new Map();
    for (const href of links) {
      const response = await page.goto(href);
      assert.equal(response.status(), 200, `${href} answers 200 for ${role}`);
      const current = page.locator('nav[aria-label="Navigation principale"] a[aria-current="page"]');
      assert.equal(await current.getAttribute('href'), href, `${href} is marked current in the nav`);
      const { title } = await checkPage(page, shotName(role, href));
      assert.ok(!titles.has(title), `${href} has the same title as ${titles.get(title)}: ${title}`);
      titles.set(title, href);
    }

    await signOut(page);
    assert.equal(new URL(page.url()).pathname, '/connexion');
    // Signed out for real: the dashboard now asks to sign in again.
    await page.goto('/');
    assert.equal(new URL(page.url()).pathname, '/connexion');
    assert.equal(await page.getByRole('button', { name: 'Se déconnecter' }).count(), 0);
  });
}

test('a forbidden section answers the French 403 page', async () => {
  const page = await app.newPage();
  await signIn(page, DEMO_ACCOUNTS.agent.username);
  for (const href of ['/admin', '/rh', '/pilotage']) {
    const response = await page.goto(href);
    assert.equal(response.status(), 403, `${href} is forbidden to an agent`);
    assert.equal((await page.locator('h1').innerText()).trim(), 'Accès refusé');
    if (href === '/admin') await checkPage(page, 'agent-acces-refuse');
  }
});

test('an agent opens their profile, notifications and the services', async () => {
  const page = await app.newPage();
  await signIn(page, DEMO_ACCOUNTS.agent.username);
  await page.getByRole('link', { name: 'Mon profil', exact: true }).click();
  assert.equal(new URL(page.url()).pathname, '/profil');
  await checkPage(page, 'profil');
  await page.getByRole('button', { name: "Créer mon lien d'abonnement" }).click();
  const feed = await page.locator('#lien-agenda').inputValue();
  assert.match(feed, /^http:\/\/127\.0\.0\.1:\d+\/calendrier\/[A-Za-z0-9_-]+\.ics$/);
  await checkPage(page, 'profil-agenda');
  // Shown once: the next visit only says that a link exists.
  await page.goto('/profil');
  assert.equal(await page.locator('#lien-agenda').count(), 0);
  assert.match(await page.locator('#lien-agenda-existant').innerText(), /n'est affiché qu'une fois/);
  await checkPage(page, 'profil-agenda-existant');
  await page.goto('/notifications');
  await checkPage(page, 'notifications');
  await page.goto('/services');
  await checkPage(page, 'services');
  await page.getByRole('link', { name: 'Espaces verts' }).click();
  assert.equal((await page.locator('h1').innerText()).trim(), 'Espaces verts');
  await checkPage(page, 'service');
});
