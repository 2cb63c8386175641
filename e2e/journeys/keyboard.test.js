// Keyboard-only journey: the skip link comes first, the sign-in can be done
// with Tab, typing and Enter alone, and every focus stop shows a visible focus
// indicator (RGAA 4.1 / WCAG 2.1: 2.1.1 Keyboard, 2.4.1 Bypass blocks,
// 2.4.7 Focus visible).

import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  activeElement,
  checkPage,
  navLinks,
  signIn,
  tabThrough,
  useServer,
} from '../lib/harness.js';

const app = useServer();
const agent = DEMO_ACCOUNTS.agent;

function isSkipLink(stop) {
  return stop.tag === 'a' && stop.href === '#contenu';
}

test('the skip link is the first focus stop and leads to the content', async () => {
  const page = await app.newPage();
  await page.goto('/connexion');
  const [first] = await tabThrough(page, { until: () => true });
  assert.ok(isSkipLink(first), `first focus stop is the skip link, got ${first.describe}`);
  assert.match(first.describe, /Aller au contenu/);
  await page.keyboard.press('Enter');
  const target = await activeElement(page);
  assert.equal(target.id, 'contenu', `Enter on the skip link moves focus to the content, got ${target.describe}`);
  await target.handle.dispose();
});

test('sign-in with the keyboard alone, focus always visible', async () => {
  const page = await app.newPage();
  await page.goto('/connexion');

  // Tab from the top of the page to the username field.
  const before = await tabThrough(page, { until: (stop) => stop.id === 'username' });
  assert.ok(isSkipLink(before[0]), `first focus stop is the skip link, got ${before[0]?.describe}`);
  assert.equal(before.at(-1).id, 'username', `Tab reaches the username field (stops: ${before.map((s) => s.describe).join(', ')})`);
  await page.keyboard.type(agent.username);

  // The next stop is the password field.
  const [password] = await tabThrough(page, { until: () => true });
  assert.equal(password.id, 'password', `Tab from the username goes to the password, got ${password.describe}`);
  await page.keyboard.type(DEMO_PASSWORD);

  // The submit button comes next, with a visible focus too.
  const [submit] = await tabThrough(page, { until: () => true });
  assert.equal(submit.tag, 'button', `then the submit button, got ${submit.describe}`);
  assert.match(submit.describe, /Se connecter/);

  // Enter in the password field submits the form.
  await page.keyboard.press('Shift+Tab');
  const back = await activeElement(page);
  assert.equal(back.id, 'password');
  await back.handle.dispose();
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);

  assert.equal(new URL(page.url()).pathname, '/');
  assert.equal((await page.locator('h1').innerText()).trim(), `Bonjour, ${agent.firstName}`);
  await checkPage(page, 'clavier-accueil');
});

test('signed in, every focus stop of the dashboard is visible and sign-out works by keyboard', async () => {
  const page = await app.newPage();
  await page.goto('/connexion');
  await tabThrough(page, { until: (stop) => stop.id === 'username' });
  await page.keyboard.type(agent.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(DEMO_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.equal(new URL(page.url()).pathname, '/');

  // The whole page, top to bottom.
  const stops = await tabThrough(page);
  assert.ok(isSkipLink(stops[0]), `first focus stop is the skip link, got ${stops[0]?.describe}`);
  const labels = stops.map((s) => s.describe);
  for (const href of ['/vis-ma-vie', '/ateliers', '/initiatives', '/competences']) {
    assert.ok(stops.some((s) => s.href === href), `the nav link ${href} is reachable by Tab (stops: ${labels.join(', ')})`);
  }

  // Sign out: reload (focus back at the top), Tab to the button, Enter.
  await page.reload();
  const toLogout = await tabThrough(page, { until: (stop) => /Se déconnecter/.test(stop.describe) });
  assert.match(toLogout.at(-1).describe, /Se déconnecter/, 'the sign-out button is reachable by Tab');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.equal(new URL(page.url()).pathname, '/connexion');
});

// Every section, as the roles that see them all (admin: all but /rh; rh: /rh).
for (const role of ['admin', 'rh']) {
  test(`${role}: every focus stop of every section in the nav is visible`, async () => {
    const page = await app.newPage();
    await signIn(page, DEMO_ACCOUNTS[role].username);
    for (const href of await navLinks(page)) {
      await page.goto(href);
      const stops = await tabThrough(page);
      assert.ok(isSkipLink(stops[0]), `${href}: first focus stop is the skip link, got ${stops[0]?.describe}`);
    }
  });
}
