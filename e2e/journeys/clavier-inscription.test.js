// Keyboard-only registration (issue 6, RGAA 4.1 / WCAG 2.1: 2.1.1 Keyboard,
// 2.4.7 Focus visible): an agent signs in, reaches the workshops, opens a
// session, registers and cancels with Tab and Enter alone; every focus stop
// on the way shows a visible focus indicator.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { DEMO_ACCOUNTS, DEMO_PASSWORD, checkPage, tabThrough, useServer } from '../lib/harness.js';

const app = useServer();
const agent = DEMO_ACCOUNTS.agent;
const WORKSHOP = 'La Médiathèque des Gâtines présente ses missions';

/** Tabs from the top of the page to the stop `until` accepts, then presses Enter. */
async function tabAndEnter(page, until, what) {
  const stops = await tabThrough(page, { until, max: 120 });
  const last = stops.at(-1);
  assert.ok(last && until(last), `${what} is reachable by Tab (stops: ${stops.map((s) => s.describe).join(', ')})`);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

test('a registration is completed with the keyboard alone', async () => {
  const page = await app.newPage();
  await page.goto('/connexion');
  await tabThrough(page, { until: (stop) => stop.id === 'username' });
  await page.keyboard.type(agent.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(DEMO_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.equal(new URL(page.url()).pathname, '/');

  // Dashboard → "Ateliers" in the main navigation.
  await tabAndEnter(page, (stop) => stop.href === '/ateliers' && /Ateliers/.test(stop.describe), 'the Ateliers link');
  assert.equal(new URL(page.url()).pathname, '/ateliers');
  await checkPage(page, 'clavier-ateliers');

  // The list → the session.
  const href = await page.locator('.session-card__title a', { hasText: WORKSHOP }).first().getAttribute('href');
  await tabAndEnter(page, (stop) => stop.href === href, `the link to "${WORKSHOP}"`);
  assert.equal(new URL(page.url()).pathname, href);
  await checkPage(page, 'clavier-session');

  // Register.
  await tabAndEnter(page, (stop) => stop.tag === 'button' && /M'inscrire/.test(stop.describe), "the M'inscrire button");
  assert.equal(new URL(page.url()).pathname, href);
  assert.match(await page.locator('.notice--success').innerText(), /Vous êtes inscrit/);
  assert.match(await page.locator('#inscription').innerText(), /Inscrit/);
  await checkPage(page, 'clavier-session-inscrit');

  // And cancel, still by keyboard.
  await tabAndEnter(page, (stop) => stop.tag === 'button' && /Annuler mon inscription/.test(stop.describe), 'the cancel button');
  assert.match(await page.locator('.notice--success').innerText(), /inscription est annulée/);
});

test('the overlap confirmation is reachable and operable by keyboard', async () => {
  const page = await app.newPage();
  await page.goto('/connexion');
  await tabThrough(page, { until: (stop) => stop.id === 'username' });
  await page.keyboard.type(agent.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(DEMO_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);

  // Register for the workshop, then for a session proposed at the same time.
  await page.goto('/ateliers');
  const href = await page.locator('.session-card__title a', { hasText: WORKSHOP }).first().getAttribute('href');
  await page.goto(href);
  await tabAndEnter(page, (stop) => stop.tag === 'button' && /M'inscrire/.test(stop.describe), "the M'inscrire button");
  const when = await page.locator('.lead time').getAttribute('datetime');
  const day = when.slice(0, 10);

  // A colleague proposes a clashing session (with the mouse: not the journey under test).
  const organiser = await app.newPage();
  await organiser.goto('/connexion');
  await organiser.locator('#username').fill('dmasson');
  await organiser.locator('#password').fill(DEMO_PASSWORD);
  await Promise.all([organiser.waitForNavigation(), organiser.getByRole('button', { name: 'Se connecter' }).click()]);
  await organiser.goto('/ateliers/nouveau');
  await organiser.locator('#title').fill('Le service des Sports présente ses missions');
  await organiser.locator('#kind').selectOption('missions');
  await organiser.locator('#description').fill('Gymnases, piscines, clubs : qui fait quoi.');
  await organiser.locator('#date').fill(day);
  await organiser.locator('#start_time').fill('10:30');
  await organiser.locator('#end_time').fill('11:30');
  await organiser.locator('#place').fill('Palais des sports du Prado');
  await Promise.all([organiser.waitForNavigation(), organiser.getByRole('button', { name: "Proposer l'atelier" }).click()]);
  const clash = await organiser.locator('.session-card a').first().getAttribute('href');

  await page.goto(clash);
  await tabAndEnter(page, (stop) => stop.tag === 'button' && /M'inscrire/.test(stop.describe), "the M'inscrire button");
  assert.match(await page.locator('#chevauchement').innerText(), /chevauche/);
  await checkPage(page, 'clavier-chevauchement');
  // Tab to the confirmation box, tick it with Space, submit with Enter on the button.
  const stops = await tabThrough(page, { until: (stop) => stop.id === 'confirm_overlap', max: 120 });
  assert.equal(stops.at(-1).id, 'confirm_overlap', 'the confirmation box is reachable');
  await page.keyboard.press('Space');
  assert.equal(await page.locator('#confirm_overlap').isChecked(), true);
  await page.keyboard.press('Tab');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(await page.locator('.notice--success').innerText(), /Vous êtes inscrit/);
});
