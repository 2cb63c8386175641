// HR review and élus' dashboard journey: HR reads the participation figures
// (a preset, then dates in the wrong order refused with their field), the
// map of which services meet, the skills growth page, opens an agent's record (audited) and finds it
// in its own log; an élu reads /pilotage (no names, small counts hidden)
// and its print version; the administrator filters the whole audit log.
// Every page is checked (axe WCAG 2.1 A/AA, one h1, lang, title) and
// screenshotted.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { DEMO_ACCOUNTS, checkPage, signIn, useServer } from '../lib/harness.js';

const app = useServer();

async function submit(page, name) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name }).click()]);
}

test('HR reviews participation, the silo map and a record', async () => {
  const page = await app.newPage();
  await signIn(page, DEMO_ACCOUNTS.rh.username);

  await page.goto('/rh');
  assert.equal(await page.locator('h1').innerText(), 'Revue RH : participation');
  const participants = page.locator('table.figures tbody tr', { hasText: 'Agents ayant participé' });
  assert.match(await participants.locator('td').first().innerText(), /^\d+$/);
  await checkPage(page, 'rh-participation');

  await page.getByLabel('Période', { exact: true }).selectOption('annee-civile');
  await submit(page, 'Afficher');
  assert.match(page.url(), /periode=annee-civile/);
  assert.match(await page.locator('.lead').innerText(), /du 01\/01\/\d{4} au 31\/12\/\d{4}/);

  await page.getByLabel('Période', { exact: true }).selectOption('dates');
  await page.getByLabel('Du', { exact: true }).fill('2026-06-30');
  await page.getByLabel('Au', { exact: true }).fill('2026-01-01');
  await submit(page, 'Afficher');
  assert.equal(await page.locator('#au').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#au-erreur').innerText(), 'La fin de la période doit suivre son début.');
  await checkPage(page, 'rh-participation-erreurs');

  await page.goto('/rh/carte');
  assert.ok((await page.locator('svg rect').count()) > 0);
  assert.match(await page.locator('.big-figure').innerText(), /paires de services/);
  await checkPage(page, 'rh-carte');

  await page.goto('/rh');
  await Promise.all([page.waitForNavigation(), page.getByRole('navigation', { name: 'Revue RH' }).getByRole('link', { name: 'Montée en compétences' }).click()]);
  assert.equal(await page.locator('h1').innerText(), 'Revue RH : la montée en compétences');
  const validated = page.locator('table.figures tbody tr', { hasText: 'Agents ayant un niveau validé' });
  assert.match(await validated.locator('td').first().innerText(), /^\d+$/);
  assert.ok((await page.locator('#niveaux-carte-titre').count()) === 1, 'the levels heat map');
  assert.ok((await page.locator('#tableau-completion-des-campagnes tbody tr').count()) > 0);
  assert.equal(await page.locator('#activite').count(), 0, 'no activity filter on skills');
  await checkPage(page, 'rh-competences');

  await page.goto('/rh/agents');
  await page.getByLabel('Nom ou identifiant').fill('dubois');
  await submit(page, 'Chercher');
  await checkPage(page, 'rh-agents');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Camille Dubois' }).click()]);
  assert.equal(await page.locator('h1').innerText(), 'Dossier de Camille Dubois');
  await checkPage(page, 'rh-dossier');

  await page.goto('/rh/journal');
  const lines = await page.locator('table.audit tbody tr').allInnerTexts();
  assert.ok(lines.some((l) => l.includes('dossier de Camille Dubois')), lines.join('\n'));
  await checkPage(page, 'rh-journal');
});

test('an élu reads the dashboard without names, and prints it', async () => {
  const page = await app.newPage();
  await signIn(page, DEMO_ACCOUNTS.elu.username);
  await page.goto('/pilotage');
  assert.equal(await page.locator('h1').innerText(), 'Pilotage : la culture commune en chiffres');
  const main = await page.locator('main').innerText();
  for (const name of ['Camille Dubois', 'Thierry Moreau', 'Claire Bonnet', 'Antonio Ferreira']) {
    assert.ok(!main.includes(name), `${name} appears on /pilotage`);
  }
  assert.equal(await page.locator('a[href^="/rh/agents"]').count(), 0);
  assert.equal(await page.locator('#service').count(), 0);
  await checkPage(page, 'pilotage');
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: 'screenshots/pilotage-impression.png', fullPage: true });
  await page.emulateMedia({ media: 'screen' });

  const response = await page.goto('/rh');
  assert.equal(response.status(), 403);
});

test('the administrator filters the audit log', async () => {
  const page = await app.newPage();
  await signIn(page, DEMO_ACCOUNTS.admin.username);
  await page.goto('/admin/journal');
  await page.getByLabel('Action', { exact: true }).selectOption('connexion');
  await submit(page, 'Filtrer');
  const lines = await page.locator('table.audit tbody tr').allInnerTexts();
  assert.ok(lines.length > 0 && lines.every((l) => l.includes('connexion')), lines.join('\n'));
  await checkPage(page, 'admin-journal');
});
