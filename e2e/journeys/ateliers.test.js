// Workshops journey (issue 6): an organiser proposes a workshop with two
// seats; an élue and a manager register and the last seat goes; the next
// agent lands on the waiting list; the manager cancels and the agent is
// promoted, told by a notification. Every page is checked (axe WCAG 2.1
// A/AA, one h1, lang, title) and screenshotted.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { DEMO_ACCOUNTS, checkPage, signIn, useServer } from '../lib/harness.js';

const app = useServer();

const TITLE = 'Visite des réserves de la Médiathèque';
let sessionPath = null;

/** The local date `days` from today, as <input type="date"> takes it. */
function dayIn(days) {
  const d = new Date(Date.now() + days * 86_400_000);
  const parts = new Intl.DateTimeFormat('fr-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  return parts; // fr-CA formats as YYYY-MM-DD
}

async function submit(page, name) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
}

async function statusOf(page) {
  return (await page.locator('#inscription').innerText()).replace(/\s+/g, ' ');
}

test('an organiser proposes a workshop with two seats', async () => {
  const page = await app.newPage();
  await signIn(page, 'hmercier');
  await page.goto('/ateliers');
  await checkPage(page, 'ateliers-liste');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Proposer un atelier' }).click()]);
  await checkPage(page, 'ateliers-proposer');

  // Sent empty: errors in French, tied to their fields.
  await page.locator('#title').fill('');
  await submit(page, "Proposer l'atelier");
  assert.equal(await page.locator('#erreurs').count(), 1);
  assert.match(await page.locator('#erreurs').innerText(), /Indiquez le titre de l'atelier/);
  assert.equal(await page.locator('#title').getAttribute('aria-invalid'), 'true');
  await checkPage(page, 'ateliers-proposer-erreurs');

  await page.locator('#title').fill(TITLE);
  await page.locator('#kind').selectOption('missions');
  await page.locator('#description').fill('Les réserves patrimoniales, le fonds ancien et la conservation des documents fragiles.');
  await page.locator('#date').fill(dayIn(14));
  await page.locator('#start_time').fill('10:00');
  await page.locator('#end_time').fill('11:30');
  await page.locator('#place').fill('Médiathèque des Gâtines, réserves du sous-sol');
  await page.locator('#capacity').fill('2');
  await submit(page, "Proposer l'atelier");
  assert.match(new URL(page.url()).pathname, /^\/ateliers\/\d+$/);
  assert.equal((await page.locator('h1').innerText()).trim(), TITLE);
  assert.match(await page.locator('.notice--success').innerText(), /Atelier proposé/);
  await checkPage(page, 'ateliers-atelier');

  sessionPath = await page.locator('.session-card a').first().getAttribute('href');
  await page.goto(sessionPath);
  assert.match(await page.locator('.facts').innerText(), /2 places restantes sur 2/);
  await checkPage(page, 'ateliers-session-organisateur-vide');
});

test('an élue and a manager register; the last seat goes', async () => {
  assert.ok(sessionPath, 'the workshop was proposed');
  const elu = await app.newPage();
  await signIn(elu, DEMO_ACCOUNTS.elu.username);
  await elu.goto(sessionPath);
  await checkPage(elu, 'ateliers-session');
  await submit(elu, "M'inscrire");
  assert.match(await elu.locator('.notice--success').innerText(), /Vous êtes inscrit/);
  assert.match(await statusOf(elu), /Inscrit/);
  await checkPage(elu, 'ateliers-session-inscrite');

  const manager = await app.newPage();
  await signIn(manager, DEMO_ACCOUNTS.manager.username);
  await manager.goto(sessionPath);
  assert.match(await manager.locator('.facts').innerText(), /1 place restante sur 2/);
  await submit(manager, "M'inscrire");
  assert.match(await statusOf(manager), /Inscrit/);
  assert.match(await manager.locator('.facts').innerText(), /Complet sur 2/);
});

test('the next agent lands on the waiting list and is promoted by a cancellation', async () => {
  assert.ok(sessionPath, 'the workshop was proposed');
  const agent = await app.newPage();
  await signIn(agent, DEMO_ACCOUNTS.agent.username);
  await agent.goto(sessionPath);
  await submit(agent, "Rejoindre la liste d'attente");
  assert.match(await agent.locator('.notice--success').innerText(), /liste d'attente \(1re\)/);
  assert.match(await statusOf(agent), /Liste d'attente/);
  await checkPage(agent, 'ateliers-session-liste-attente');

  // The manager cancels: the seat goes to the agent.
  const manager = await app.newPage();
  await signIn(manager, DEMO_ACCOUNTS.manager.username);
  await manager.goto(sessionPath);
  await submit(manager, 'Annuler mon inscription');
  assert.match(await manager.locator('.notice--success').innerText(), /inscription est annulée/);
  await checkPage(manager, 'ateliers-session-desinscrit');

  await agent.goto(sessionPath);
  assert.match(await statusOf(agent), /Inscrit/);
  await agent.goto('/notifications');
  assert.match(await agent.locator('.notifications').innerText(), new RegExp(`Une place s'est libérée : vous êtes inscrit à « ${TITLE} »`));
  await checkPage(agent, 'ateliers-notification-promotion');
  await agent.goto('/ateliers/mes-ateliers');
  assert.match(await agent.locator('section[aria-labelledby="inscrit"]').innerText(), new RegExp(TITLE));
  await checkPage(agent, 'ateliers-mes-ateliers');
  await agent.goto('/ateliers/passees');
  await checkPage(agent, 'ateliers-passees');

  // The organiser sees the participants by service.
  const organiser = await app.newPage();
  await signIn(organiser, 'hmercier');
  await organiser.goto(sessionPath);
  const captions = await organiser.locator('#organiser caption').allInnerTexts();
  assert.deepEqual(captions.map((c) => c.trim()).sort(), ['Conseil municipal : 1 inscrit', 'Espaces verts : 1 inscrit']);
  await checkPage(organiser, 'ateliers-session-organisateur');
});
