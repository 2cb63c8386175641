// Skills journey: an agent assesses herself (after a first try without a
// level), attaches an activity and a free evidence; her manager reviews the
// team and validates the level; she is told and opens her printable
// passport; HR opens the framework and the campaigns. Every page is checked
// (axe WCAG 2.1 A/AA, one h1, lang="fr", a title) and screenshotted.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { DEMO_ACCOUNTS, checkPage, signIn, useServer } from '../lib/harness.js';

const app = useServer();

const SKILL = 'Évaluer';
let skillPath = null;

async function submit(page, name) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name }).click()]);
}

test('an agent assesses herself and adds evidence', async () => {
  const page = await app.newPage();
  await signIn(page, DEMO_ACCOUNTS.agent.username);
  await page.goto('/competences');
  assert.ok((await page.locator('svg.growth-chart').count()) >= 5, 'the demo history draws charts');
  await checkPage(page, 'competences-mes-competences');

  await Promise.all([page.waitForNavigation(), page.locator('.skill-card h2 a', { hasText: SKILL }).click()]);
  skillPath = new URL(page.url()).pathname;
  assert.match(skillPath, /^\/competences\/\d+$/);
  await checkPage(page, 'competences-competence');

  // Without a level: the error is tied to the field.
  await submit(page, 'Enregistrer mon auto-évaluation');
  const level = page.locator('#level');
  assert.equal(await level.getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#level-erreur').innerText(), /Choisissez un niveau entre 1 \(Notions\) et 4 \(Expertise\)/);
  await checkPage(page, 'competences-auto-evaluation-erreur');

  await page.getByLabel('Mon niveau').selectOption('2');
  await page.getByLabel('Commentaire').fill("J'ai dressé le bilan du fleurissement d'été avec les habitants.");
  await submit(page, 'Enregistrer mon auto-évaluation');
  assert.match(await page.locator('.notice--success').innerText(), /auto-évaluation est enregistrée/);

  // An activity proposed from her history, then a free evidence.
  const proposals = page.locator('.proposal');
  assert.ok((await proposals.count()) > 0, 'activities are proposed');
  await Promise.all([page.waitForNavigation(), proposals.first().getByRole('button').click()]);
  assert.match(await page.locator('.notice--success').innerText(), /preuve est ajoutée/);
  await page.getByLabel("Ce que j'ai fait").fill('Questionnaire de satisfaction sur les massifs du centre-ville');
  await page.getByLabel('Lien').fill('https://intranet.ville-bourges.fr/fleurissement-2026');
  await submit(page, 'Ajouter cette preuve');
  assert.equal(await page.locator('.evidence').count(), 2);
  assert.equal(await page.locator('svg.growth-chart').count(), 1);
  await checkPage(page, 'competences-preuves');
});

test('her manager validates the level', async () => {
  assert.ok(skillPath, 'the agent assessed herself');
  const page = await app.newPage();
  await signIn(page, DEMO_ACCOUNTS.manager.username);
  const waiting = page.getByRole('link', { name: /Validations attendues/ });
  assert.equal(await waiting.count(), 1, 'validations wait on the dashboard');
  await Promise.all([page.waitForNavigation(), waiting.click()]);
  assert.equal(new URL(page.url()).pathname, '/competences/equipe');
  await checkPage(page, 'competences-equipe');

  await Promise.all([page.waitForNavigation(), page.locator('table.team-skills th a', { hasText: 'Camille Dubois' }).click()]);
  await checkPage(page, 'competences-revue-agent');
  const id = skillPath.split('/').pop();
  const card = page.locator(`#competence-${id}`);
  await card.getByRole('combobox', { name: /Niveau validé/ }).selectOption('2');
  await card.getByLabel("Commentaire pour l'agent").fill('Bilan clair et partagé ; à conduire seule la prochaine fois.');
  await submit(page, `Valider le niveau en « ${SKILL} »`);
  assert.match(await page.locator('.notice--success').innerText(), /niveau validé est enregistré/);
});

test('the agent is told and opens her passport', async () => {
  const page = await app.newPage();
  await signIn(page, DEMO_ACCOUNTS.agent.username);
  await page.goto(skillPath);
  const levels = await page.locator('.skill-levels dd').allInnerTexts();
  assert.match(levels[0], /^2 – Application/);
  assert.match(levels[1], /^2 – Application[\s\S]*Thierry Moreau/);
  await page.goto('/competences');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Mon passeport compétences' }).click()]);
  const rows = await page.locator('table.passport-levels tbody tr').allInnerTexts();
  assert.ok(rows.some((r) => r.includes(SKILL) && r.includes('2 – Application')));
  await checkPage(page, 'competences-passeport');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.site-header').isVisible(), false, 'the header is not printed');
  await page.emulateMedia({ media: 'screen' });

  await page.goto('/notifications');
  const messages = await page.locator('.notification').allInnerTexts();
  assert.ok(messages.some((m) => m.includes(`a validé votre niveau en « ${SKILL} »`)), messages.join(' | '));
});

test('HR opens the framework and the campaigns', async () => {
  const page = await app.newPage();
  await signIn(page, DEMO_ACCOUNTS.rh.username);
  await page.goto('/competences/referentiel');
  await checkPage(page, 'competences-referentiel');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Modifier ou retirer « Planifier »' }).click()]);
  await checkPage(page, 'competences-referentiel-modifier');
  await page.goto('/competences/campagnes');
  assert.ok((await page.locator('table.completion tbody tr').count()) > 0);
  await checkPage(page, 'competences-campagnes');
});
