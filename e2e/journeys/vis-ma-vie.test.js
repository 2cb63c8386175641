// Vis ma vie journey: an agent (cdubois, Espaces verts) finds an offer of
// another service (the DSI's support informatique) and asks for it; her
// manager (tmoreau) gives his agreement; the host (chenry) accepts; the
// agent downloads the agreement and the .ics. Along the way: a refused
// form, the follow-up pages, the feedback form of a past swap, the offer
// form and the HR list of waiting requests. Every page is checked.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { checkPage, signIn, useServer } from '../lib/harness.js';

const app = useServer();

const OFFER = 'Une journée au support informatique';
let requestPath = null;

async function submit(page, name) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name }).click()]);
}

test('an agent finds an offer in another service and asks for it', async () => {
  const page = await app.newPage();
  await signIn(page, 'cdubois');
  await page.goto('/vis-ma-vie');
  const { h1 } = await checkPage(page, 'vis-ma-vie-offres');
  assert.equal(h1, 'Vis ma vie');
  assert.ok((await page.locator('section[aria-labelledby="pour-vous"] .offer-card').count()) > 0, '"Pour vous" suggests offers');
  assert.ok((await page.locator('.testimonies li').count()) > 0, 'published testimonies are shown');

  // Filter on the DSI, then open its offer.
  await page.locator('#filtre-service').selectOption({ label: 'DSI' });
  await submit(page, 'Filtrer');
  await checkPage(page, 'vis-ma-vie-offres-filtrees');
  await Promise.all([
    page.waitForNavigation(),
    page.locator('section[aria-labelledby="offres"] .offer-card a', { hasText: OFFER }).click(),
  ]);
  assert.equal((await checkPage(page, 'vis-ma-vie-offre')).h1, OFFER);

  // Without a motivation: refused in French, tied to the field.
  await page.locator('#slot_id').selectOption({ index: 1 });
  await submit(page, 'Envoyer ma demande');
  assert.equal(await page.locator('#motivation').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#motivation-erreur').innerText(), /Indiquez votre motivation/);
  await checkPage(page, 'vis-ma-vie-demande-erreur');

  await page.locator('#slot_id').selectOption({ index: 1 });
  await page.locator('#motivation').fill("Je signale souvent des pannes sans savoir comment elles sont traitées : j'aimerais voir l'envers des tickets.");
  await submit(page, 'Envoyer ma demande');
  requestPath = new URL(page.url()).pathname;
  assert.match(requestPath, /^\/vis-ma-vie\/demandes\/\d+$/);
  await checkPage(page, 'vis-ma-vie-demande-envoyee');
  assert.equal((await page.locator('.status').first().innerText()).trim(), "En attente de l'accord de l'encadrant");

  await page.goto('/vis-ma-vie/mon-suivi');
  await checkPage(page, 'vis-ma-vie-mon-suivi');
  assert.ok((await page.locator('section[aria-labelledby="mes-demandes"] tbody tr', { hasText: OFFER }).count()) === 1);
});

test('her manager gives his agreement from the dashboard', async () => {
  assert.ok(requestPath, 'the request was made');
  const page = await app.newPage();
  await signIn(page, 'tmoreau');
  const item = page.locator('#en-attente + ul a', { hasText: 'Accord à donner : Camille Dubois' });
  assert.equal(await item.count(), 1, 'the dashboard lists the agreement to give');
  await Promise.all([page.waitForNavigation(), item.click()]);
  assert.equal(new URL(page.url()).pathname, requestPath);
  await checkPage(page, 'vis-ma-vie-accord-a-donner');
  await submit(page, 'Donner mon accord');
  await checkPage(page, 'vis-ma-vie-accord-donne');
  assert.equal((await page.locator('.status').first().innerText()).trim(), "En attente de l'accueillant");
});

test('the host accepts', async () => {
  const page = await app.newPage();
  await signIn(page, 'chenry');
  await page.goto('/vis-ma-vie/mon-suivi');
  await checkPage(page, 'vis-ma-vie-suivi-accueillant');
  await Promise.all([
    page.waitForNavigation(),
    page
      .locator('section[aria-labelledby="mes-accueils"] tbody tr', { hasText: 'Camille Dubois' })
      .getByRole('link', { name: OFFER })
      .click(),
  ]);
  assert.equal(new URL(page.url()).pathname, requestPath);
  await submit(page, 'Accepter la venue de Camille Dubois');
  await checkPage(page, 'vis-ma-vie-demande-confirmee');
  assert.equal((await page.locator('.status').first().innerText()).trim(), 'Confirmée');
});

test('the visitor downloads the agreement and the .ics', async () => {
  const page = await app.newPage();
  await signIn(page, 'cdubois');
  await page.goto(requestPath);
  await checkPage(page, 'vis-ma-vie-ma-demande-confirmee');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: "Convention d'immersion" }).click()]);
  assert.equal((await checkPage(page, 'vis-ma-vie-convention')).h1, "Convention d'immersion");
  const text = await page.locator('.agreement').innerText();
  for (const expected of ['Camille Dubois', 'Chloé Henry', 'Thierry Moreau', 'DSI', 'Espaces verts']) {
    assert.ok(text.includes(expected), `the agreement names ${expected}`);
  }
  // Printed, the agreement leaves the site's header and links out.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.site-header').isVisible(), false);
  assert.equal(await page.locator('.agreement .no-print').first().isVisible(), false);
  await page.emulateMedia({ media: 'screen' });

  const ics = await page.request.get(`${requestPath}/agenda.ics`);
  assert.equal(ics.status(), 200);
  assert.match(ics.headers()['content-type'], /^text\/calendar/);
  const body = (await ics.text()).replace(/\r\n /g, '');
  assert.match(body, /SUMMARY:Vis ma vie : immersion au service DSI/);
  assert.ok(!body.includes('Camille') && !body.includes('Chloé'), 'no names in the .ics');

  // The swap is in her diary.
  await page.goto('/');
  assert.ok((await page.locator('#a-venir + ul li', { hasText: 'Vis ma vie : immersion au service DSI' }).count()) === 1);
});

test('a past swap asks for feedback; the offer form and the HR list render', async () => {
  const page = await app.newPage();
  await signIn(page, 'cdubois');
  const item = page.locator('#en-attente + ul a', { hasText: "Retour d'expérience à donner" });
  assert.equal(await item.count(), 1, 'the demo swap at the médiathèque awaits her feedback');
  await Promise.all([page.waitForNavigation(), item.click()]);
  await checkPage(page, 'vis-ma-vie-retour');
  await page.locator('#learned').fill("Une bibliothèque, c'est d'abord un lieu d'accueil pour tous.");
  await page.locator('#change_of_view').fill("Je parlerai des animations aux familles que je croise dans les parcs.");
  await page.locator('#rating').selectOption('5');
  await page.locator('#testimony').fill('Une matinée aux Gâtines : un service public vivant, à découvrir !');
  await page.locator('#publish').check();
  await submit(page, 'Enregistrer mon retour');
  await checkPage(page, 'vis-ma-vie-retour-enregistre');
  await page.goto('/vis-ma-vie');
  assert.ok((await page.locator('.testimonies li', { hasText: 'un service public vivant' }).count()) === 1);

  await page.goto('/vis-ma-vie/offres/nouvelle');
  await checkPage(page, 'vis-ma-vie-nouvelle-offre');

  const hr = await app.newPage();
  await signIn(hr, 'cbonnet');
  await hr.goto('/vis-ma-vie/en-attente');
  await checkPage(hr, 'vis-ma-vie-en-attente-rh');
  assert.ok((await hr.locator('section[aria-labelledby="trop-longtemps"] tbody tr').count()) >= 1);
});
