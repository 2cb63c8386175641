// Common-culture barometer journey: HR creates a wave (a first try with
// errors), an agent is invited on the dashboard and answers (a first try
// with a statement left out), HR closes the wave (too few answers to show)
// and reads a past wave's results with their charts and tables; an élu
// reads the same aggregates on /pilotage, without the comments.
// Every page is checked (axe WCAG 2.1 A/AA, Nu, one h1, lang, title).

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { DEMO_ACCOUNTS, checkPage, signIn, useServer } from '../lib/harness.js';

const app = useServer();

async function submit(page, name) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name }).click()]);
}

let waveUrl = null;

test('HR creates a wave of the barometer', async () => {
  const page = await app.newPage();
  await signIn(page, DEMO_ACCOUNTS.rh.username);
  await page.goto('/rh/barometre');
  assert.equal(await page.locator('h1').innerText(), 'Baromètre de la culture commune');
  assert.equal(
    await page.getByLabel('Affirmation 2', { exact: true }).inputValue(),
    'Je comprends les missions des autres services de la Ville.',
  );
  await checkPage(page, 'barometre-vagues');

  await page.getByLabel('Titre de la vague').fill('');
  await submit(page, 'Créer la vague');
  assert.equal(await page.locator('#title').getAttribute('aria-invalid'), 'true');
  await checkPage(page, 'barometre-vague-erreurs');

  await page.getByLabel('Titre de la vague').fill('Baromètre de décembre');
  await submit(page, 'Créer la vague');
  assert.equal(await page.locator('h1').innerText(), 'Baromètre de décembre');
  assert.match(await page.locator('.lead').innerText(), /Ouverte/);
  waveUrl = new URL(page.url()).pathname;
  await checkPage(page, 'barometre-vague-ouverte');
});

test('an agent is invited and answers once', async () => {
  const id = waveUrl.split('/').pop();
  const page = await app.newPage();
  await signIn(page, DEMO_ACCOUNTS.agent.username);
  // The dashboard's invitation (the notification of the new wave links there too).
  const invitation = page.locator(`a[href="/barometre/${id}"]`, { hasText: 'en une minute' });
  assert.equal(await invitation.count(), 1);
  await Promise.all([page.waitForNavigation(), invitation.click()]);
  assert.equal(await page.locator('h1').innerText(), 'Baromètre de décembre');
  await checkPage(page, 'barometre-repondre');

  const questions = page.locator('fieldset.barometer-question');
  const count = await questions.count();
  assert.equal(count, 5);
  for (let i = 1; i < count; i += 1) {
    await questions.nth(i).getByLabel("Plutôt d'accord", { exact: true }).check();
  }
  await submit(page, 'Envoyer ma réponse');
  assert.match(await page.locator('#erreurs').innerText(), /Affirmation 1 : choisissez une réponse/);
  await checkPage(page, 'barometre-repondre-erreurs');

  await questions.nth(0).getByLabel('Je ne sais pas', { exact: true }).check();
  await page.getByLabel(/Qu'est-ce qui vous aiderait/).fill('Des visites de services entre midi et deux.');
  await submit(page, 'Envoyer ma réponse');
  assert.equal(new URL(page.url()).pathname, '/');
  assert.match(await page.locator('.notice').first().innerText(), /Merci/);
  assert.equal(await page.locator(`a[href="/barometre/${id}"]`, { hasText: 'en une minute' }).count(), 0);

  await page.goto(`/barometre/${id}`);
  assert.match(await page.locator('main').innerText(), /Vous avez répondu à ce baromètre/);
  await checkPage(page, 'barometre-deja-repondu');
});

test('HR closes the wave and reads results', async () => {
  const page = await app.newPage();
  await signIn(page, DEMO_ACCOUNTS.rh.username);
  await page.goto(waveUrl);
  await submit(page, 'Clore la vague maintenant');
  assert.match(await page.locator('main').innerText(), /Moins de 5 réponses/);
  await checkPage(page, 'barometre-vague-close');

  await page.goto('/rh/barometre');
  await Promise.all([
    page.waitForNavigation(),
    page.getByRole('link', { name: 'Baromètre de la culture commune, vague 2' }).click(),
  ]);
  assert.equal(await page.locator('svg.barometer-chart').count(), 6);
  assert.ok((await page.locator('#tableau-repartition-affirmation-1 tbody tr').count()) >= 3);
  assert.ok((await page.locator('#tableau-evolution tbody tr').count()) === 5);
  assert.ok((await page.locator('.feedback-list li').count()) > 0);
  await checkPage(page, 'barometre-resultats');
});

test('an élu reads the aggregates on /pilotage', async () => {
  const page = await app.newPage();
  await signIn(page, DEMO_ACCOUNTS.elu.username);
  await page.goto('/pilotage');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: /baromètre de la culture commune/ }).click()]);
  assert.equal(await page.locator('h1').innerText(), 'Baromètre de la culture commune');
  await checkPage(page, 'barometre-pilotage');
  await Promise.all([
    page.waitForNavigation(),
    page.getByRole('link', { name: 'Baromètre de la culture commune, vague 2' }).click(),
  ]);
  assert.equal(await page.locator('.feedback-list').count(), 0);
  await checkPage(page, 'barometre-pilotage-resultats');
});
