// Initiatives journey: an agent posts an idea heard in the field (after a
// first try with a missing field); a colleague from another service supports
// it and asks to join the team; the author accepts; a moderator moves it to
// "en cours" and the author is told. Every page is checked (axe WCAG 2.1
// A/AA, one h1, lang="fr", a title that says where one is) and screenshotted.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { DEMO_ACCOUNTS, checkPage, signIn, useServer } from '../lib/harness.js';

const app = useServer();

const TITLE = 'Une fontaine à eau au jardin des Prés-Fichaux';
const COLLEAGUE = { username: 'aferreira', name: 'Antonio Ferreira' };

// Path of the initiative posted by the first test.
let initiativePath = null;

async function submit(page, name) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name }).click()]);
}

test('an agent posts an idea heard in the field', async () => {
  const page = await app.newPage();
  await signIn(page, DEMO_ACCOUNTS.agent.username);

  await page.goto('/initiatives');
  await checkPage(page, 'initiatives-liste');
  await page.getByLabel('Mots recherchés').fill('bancs médiathèque');
  await submit(page, 'Rechercher');
  const found = await page.locator('.initiative-card__title').allInnerTexts();
  assert.deepEqual(found.map((t) => t.trim()), ['Des bancs partagés devant la Médiathèque']);
  await checkPage(page, 'initiatives-recherche');

  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Proposer une initiative' }).click()]);
  assert.equal(new URL(page.url()).pathname, '/initiatives/nouvelle');
  await checkPage(page, 'initiatives-nouvelle');

  // A first try without the summary: errors tied to the field, input kept.
  await page.getByLabel('Idée entendue sur le terrain').check();
  await page.getByLabel('Titre').fill(TITLE);
  await page
    .getByLabel('Description')
    .fill(
      "Au marché du samedi, une habitante m'a dit que le jardin des **Prés-Fichaux** n'a aucun point d'eau.\n\n" +
        "- les familles viennent avec des enfants ;\n- les coureurs du matin aussi.",
    );
  await submit(page, "Publier l'initiative");
  const summary = page.locator('#summary');
  assert.equal(await summary.getAttribute('aria-invalid'), 'true');
  assert.match(await summary.getAttribute('aria-describedby'), /summary-erreur/);
  assert.equal(await page.getByLabel('Titre').inputValue(), TITLE);
  assert.equal(await page.locator('[role="alert"]').count(), 1);
  await checkPage(page, 'initiatives-nouvelle-erreurs');

  await page.getByLabel('Résumé en une ligne').fill('Installer une fontaine à eau potable près des jeux du jardin des Prés-Fichaux.');
  await page.getByLabel('Nature en ville').check();
  await page.getByLabel('Espaces verts', { exact: true }).check();
  await page.getByLabel('Du matériel').check();
  await submit(page, "Publier l'initiative");

  initiativePath = new URL(page.url()).pathname;
  assert.match(initiativePath, /^\/initiatives\/\d+$/);
  assert.equal((await page.locator('h1').innerText()).trim(), TITLE);
  assert.equal((await page.locator('.initiative-tags .status').innerText()).trim(), 'Proposée');
  assert.equal(await page.locator('.markdown li').count(), 2, 'the Markdown list is rendered');
  await checkPage(page, 'initiative-idee-du-terrain');
});

test('a colleague supports it and asks to join the team', async () => {
  assert.ok(initiativePath, 'the initiative was posted');
  const page = await app.newPage();
  await signIn(page, COLLEAGUE.username);
  await page.goto(initiativePath);

  await submit(page, 'Je soutiens');
  assert.match(await page.locator('.notice--success').innerText(), /Merci pour votre soutien/);
  assert.equal((await page.locator('.actions strong').innerText()).trim(), 'Vous soutenez cette initiative');
  await checkPage(page, 'initiative-soutenue');

  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: "Je rejoins l'équipe" }).click()]);
  await checkPage(page, 'initiative-equipe');
  await page.getByLabel("Ce que j'apporte").fill('Je passe au jardin chaque semaine avec la balayeuse : je peux repérer le meilleur emplacement.');
  await submit(page, 'Envoyer ma demande');
  assert.match(await page.locator('.notice--success').innerText(), /Votre demande est envoyée/);
  await checkPage(page, 'initiative-equipe-demande');
});

test('the author accepts the colleague into the team', async () => {
  const page = await app.newPage();
  await signIn(page, DEMO_ACCOUNTS.agent.username);
  const request = page.getByRole('link', { name: `Répondre à ${COLLEAGUE.name}, qui souhaite rejoindre l'équipe de « ${TITLE} »` });
  assert.equal(await request.count(), 1, 'the request waits on the dashboard');
  await Promise.all([page.waitForNavigation(), request.click()]);
  assert.equal(new URL(page.url()).pathname, `${initiativePath}/equipe`);
  await checkPage(page, 'initiative-equipe-demandes');

  await submit(page, `Accepter ${COLLEAGUE.name}`);
  const team = await page.locator('table tbody th').allInnerTexts();
  assert.deepEqual(team.map((t) => t.trim()), ['Camille Dubois', COLLEAGUE.name]);
  await checkPage(page, 'initiative-equipe-acceptee');
});

test('a moderator moves it to "en cours" and the author is told', async () => {
  const page = await app.newPage();
  await signIn(page, DEMO_ACCOUNTS.admin.username);
  await page.goto(initiativePath);
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Faire avancer (modération)' }).click()]);
  await checkPage(page, 'initiative-statut');

  await page.getByLabel('Nouveau statut').selectOption('en-cours');
  await page.getByLabel('Pourquoi').fill('Une fontaine de récupération est disponible au Centre technique municipal.');
  await submit(page, 'Enregistrer le statut');
  assert.equal(new URL(page.url()).pathname, initiativePath);
  assert.equal((await page.locator('.initiative-tags .status').innerText()).trim(), 'En cours');
  const history = await page.locator('#avancement + .table-wrap tbody tr').allInnerTexts();
  assert.equal(history.length, 2);
  assert.match(history[1], /En cours[\s\S]*Lucas Martin[\s\S]*Centre technique municipal/);
  await checkPage(page, 'initiative-en-cours');

  // Publishing it for the city's website is a moderator's explicit step.
  await page.goto(`${initiativePath}/statut`);
  await submit(page, 'Publier dans le flux public');
  assert.match(await page.locator('#publication + p').innerText(), /Cette initiative est publiée/);
  await checkPage(page, 'initiative-publiee');

  await page.goto('/initiatives/moderation');
  await checkPage(page, 'initiatives-moderation');
  await page.goto('/initiatives/a-la-une');
  assert.match(new URL(page.url()).pathname, /^\/initiatives\/a-la-une\/\d{4}-\d{2}$/);
  await checkPage(page, 'initiatives-a-la-une');

  const author = await app.newPage();
  await signIn(author, DEMO_ACCOUNTS.agent.username);
  await author.goto('/notifications');
  const messages = await author.locator('.notification').allInnerTexts();
  assert.ok(
    messages.some((m) => m.includes(`« ${TITLE} » est maintenant « en cours »`)),
    `the author is told: ${messages.join(' | ')}`,
  );
  await checkPage(author, 'initiative-notification-auteur');
});
