import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_ACCOUNTS, checkPage, signIn, useServer } from '../lib/harness.js';

const app = useServer();

test('an agent chooses which notifications reach their mailbox', async () => {
  const page = await app.newPage();
  await signIn(page, DEMO_ACCOUNTS.agent.username);
  await page.goto('/profil/courriels');
  await checkPage(page, 'profil-courriels');
  // The defaults: what asks to act by email at once, the rest in the app.
  assert.equal(await page.getByLabel('Une demande Vis ma vie attend ma réponse d\'accueillant').inputValue(), 'courriel');
  assert.equal(await page.getByLabel('Le statut d\'une initiative que je suis').inputValue(), 'application');
  await page.getByLabel('Le statut d\'une initiative que je suis').selectOption('resume');
  await page.getByRole('button', { name: 'Enregistrer mes préférences' }).click();
  assert.equal(new URL(page.url()).pathname, '/profil');
  assert.match(await page.locator('.notice--success').innerText(), /préférences de courriel sont enregistrées/);
  assert.equal(await page.getByLabel('Le statut d\'une initiative que je suis').inputValue(), 'resume');
  await checkPage(page, 'profil-courriels-enregistres');
  // A value that is not one of the choices comes back with its error.
  await page.goto('/profil/courriels');
  await page.evaluate(() => {
    const select = document.getElementById('choix-invitation');
    select.add(new Option('Pigeon voyageur', 'pigeon', true, true));
  });
  await page.getByRole('button', { name: 'Enregistrer mes préférences' }).click();
  assert.equal(await page.locator('#choix-invitation').getAttribute('aria-invalid'), 'true');
  await checkPage(page, 'profil-courriels-erreur');
});

test('the admin sees that no mail relay is configured', async () => {
  const page = await app.newPage();
  await signIn(page, DEMO_ACCOUNTS.admin.username);
  await page.goto('/admin');
  assert.match(await page.locator('#courriel-non-configure').innerText(), /Aucun relais de courriel/);
  await checkPage(page, 'admin-courriels');
});
