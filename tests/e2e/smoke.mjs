// Browser tests of the client: a real server with the demo database, Debian's
// Chromium driven by playwright-core, clicks and taps at the coordinates the
// client's test bridge (window.sesameBridge) reports for its widgets.
//
//   node tests/e2e/smoke.mjs                       uses build/bin and build/web
//   SESAME_BUILD=/path/to/out node tests/e2e/smoke.mjs
//   E2E_ONLY='Méthode B' node tests/e2e/smoke.mjs    only the tests whose name matches
//
// Screenshots go to <build>/e2e/. Prints "N passed, M failed" and exits non-zero on failure.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { chromium } from 'playwright-core';

import { registerAccessibility } from './accessibility.mjs';
import { registerJourneys } from './journeys.mjs';
import { registerMethodA } from './methode_a.mjs';
import { registerPupils } from './pupils.mjs';
import { registerStaff } from './staff.mjs';
import {
  STEP_TIMEOUT_MS, admin, bridgeState, fcDemo, cleanup, cleanups, createDemoAccount, demoServices, guardRun,
  launchChromium,
  inside, newCode, openPage, outbox, press, pressWidget, screenshot, scrollIntoView, server, shots,
  demoServer, typeInto, waitForBridge, waitForWidget, web, widget,
} from './support.mjs';

const TOTAL_TIMEOUT_MS = 1_500_000;  // the whole run, whatever happens (about 10 min on 2 cores)

const PROFILES = [
  ['eleve', 'Élève'],
  ['parent', 'Représentant légal (parents)'],
  ['personnel', 'Personnel Éducation nationale'],
  ['agricole', 'Enseignement agricole (Élève, parent ou personnel)'],
  ['collectivite', 'Personnel collectivité et invité'],
];
const TITLE = 'Veuillez renseigner quelques informations pour accéder à votre page d\'authentification';

async function firstScreen(page, base) {
  await page.goto(base + '/');
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  const state = await waitForBridge(page, 'the first screen with its profiles',
                                    (s) => s.route === '#/profil' && widget(s, 'profil.parent') && s);
  // The mirror names the page after the screen.
  await page.waitForFunction((title) => document.title === title, `${TITLE} – Sésame`);
  return state;
}

// Each tile of the guide's first screen, with its French label, in view.
function checkFirstScreen(state, viewport) {
  assert.equal(widget(state, 'titre').label, TITLE);
  const tiles = state.widgets.filter((w) => w.id.startsWith('profil.'));
  assert.deepEqual(tiles.map((w) => [w.id.slice('profil.'.length), w.label]), PROFILES);
  for (const tile of tiles) {
    assert.equal(tile.kind, 'radio');
    assert.ok(inside(tile, viewport), `${tile.label} lies inside the ${viewport.width}×${viewport.height} viewport`);
    assert.ok(tile.height >= 44, `${tile.label} is at least 44 CSS px high`);
    assert.equal(tile.checked, false);
  }
  assert.equal(widget(state, 'niveau.ecole').label, 'École');
  assert.equal(widget(state, 'niveau.college_lycee').label, 'Collège / Lycée');
  assert.equal(widget(state, 'memoriser.non').label, 'Non (je me connecte depuis un lieu public)');
  assert.equal(widget(state, 'memoriser.oui').label, 'Oui (je me connecte depuis mon ordinateur)');
  assert.equal(widget(state, 'se-connecter').label, 'Se connecter');
  assert.equal(widget(state, 'se-connecter').enabled, false, 'Se connecter waits for a profile and a level');
  assert.equal(widget(state, 'alerte.configuration'), null, 'the configuration loaded');
}

// ---------------------------------------------------------------------------
// The tests.

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

test('desktop 1280×800: profile, level, "Se connecter", the next screen, back, remembered choice',
     async ({ browser, base }) => {
  const viewport = { width: 1280, height: 800 };
  const { context, page, errors } = await openPage(browser, base, { viewport, deviceScaleFactor: 1 });
  try {
    const state = await firstScreen(page, base);
    checkFirstScreen(state, viewport);
    assert.equal(state.dpr, 1);
    // The semantic mirror lies over the canvas, invisible, with the screen's heading focused.
    const mirror = await page.evaluate(() => {
      const root = document.getElementById('sesame-semantics');
      return root && { opacity: getComputedStyle(root).opacity, focused: document.activeElement.dataset.node };
    });
    assert.deepEqual(mirror, { opacity: '0', focused: 'titre' });
    await screenshot(page, 'desktop-1-accueil.png');

    await press(page, widget(state, 'profil.parent'));
    await waitForWidget(page, 'profil.parent', (w) => w.checked, 'Représentant légal (parents) to be checked');
    const after = await bridgeState(page);
    assert.equal(widget(after, 'profil.eleve').checked, false, 'one profile at a time');
    await press(page, await scrollIntoView(page, 'niveau.college_lycee'));
    await waitForWidget(page, 'niveau.college_lycee', (w) => w.checked, 'Collège / Lycée to be checked');
    await press(page, await scrollIntoView(page, 'memoriser.oui'));
    await waitForWidget(page, 'memoriser.oui', (w) => w.checked, '"Oui" to be checked');
    const connect = await scrollIntoView(page, 'se-connecter');
    assert.equal(connect.enabled, true, 'Se connecter is enabled once profile and level are chosen');
    await screenshot(page, 'desktop-2-choix.png');

    // Nothing happens on screen: no frame is drawn.
    const idle = (await bridgeState(page)).frame;
    await page.waitForTimeout(1000);
    assert.equal((await bridgeState(page)).frame, idle, 'no frame drawn while idle');

    await press(page, connect);
    const next = await waitForBridge(page, 'the screen "Je sélectionne mon profil"',
                                     (s) => s.route === '#/educonnect' && widget(s, 'educonnect.responsable') && s);
    assert.equal(widget(next, 'titre').label, 'Je sélectionne mon profil');
    assert.equal(widget(next, 'educonnect.responsable').label, 'Responsable d\'élève');
    assert.equal(widget(next, 'educonnect.eleve').label, 'Élève');
    assert.equal(widget(next, 'precedent').label, 'Précédent');
    assert.equal(new URL(page.url()).hash, '#/educonnect');
    await screenshot(page, 'desktop-3-educonnect.png');

    // The browser's back button returns to the first screen, choice kept.
    await page.goBack();
    await waitForWidget(page, 'profil.parent', (w, s) => s.route === '#/profil' && w.checked, 'back on #/profil');

    // "Oui" remembered the choice: a new visit finds it selected.
    await page.reload();
    const again = await waitForWidget(page, 'profil.parent', (w) => w.checked, 'the remembered profile');
    assert.equal(widget(await bridgeState(page), 'niveau.college_lycee').checked, true);
    assert.equal(widget(await bridgeState(page), 'memoriser.oui').checked, true);
    assert.ok(again);
    assert.deepEqual(errors, [], 'no error in the page');
  } finally {
    await context.close();
  }
});

test('phone 390×844 at 3× with touch: crisp canvas, taps, swipe, next screen', async ({ browser, base }) => {
  const viewport = { width: 390, height: 844 };
  const { context, page, errors } = await openPage(browser, base, {
    viewport, deviceScaleFactor: 3, isMobile: true, hasTouch: true,
  });
  try {
    const state = await firstScreen(page, base);
    checkFirstScreen(state, viewport);
    assert.equal(state.dpr, 3);
    const canvas = await page.evaluate(() => {
      const c = document.getElementById('canvas');
      return { width: c.width, height: c.height, css: c.getBoundingClientRect().width };
    });
    assert.equal(canvas.css, 390);
    assert.equal(canvas.width, 390 * 3, 'the backbuffer has one pixel per device pixel');
    assert.equal(canvas.height, 844 * 3);
    for (const [code] of PROFILES) {
      const tile = widget(state, `profil.${code}`);
      assert.ok(tile.width >= 390 - 2 * 16 - 1, `${tile.label} spans the phone's width`);
    }
    await screenshot(page, 'phone-1-accueil.png', { touch: true });

    await press(page, widget(state, 'profil.parent'), { touch: true });
    await waitForWidget(page, 'profil.parent', (w) => w.checked, 'the tapped profile to be checked');
    await press(page, await scrollIntoView(page, 'niveau.ecole', { touch: true }), { touch: true });
    await waitForWidget(page, 'niveau.ecole', (w) => w.checked, 'École to be checked');
    const connect = await scrollIntoView(page, 'se-connecter', { touch: true });
    assert.equal(connect.enabled, true);
    assert.ok(connect.width >= 390 - 2 * 16 - 1, 'the button spans the phone\'s width');
    await screenshot(page, 'phone-2-choix.png', { touch: true });

    await press(page, connect, { touch: true });
    await waitForBridge(page, 'the screen "Je sélectionne mon profil"',
                        (s) => s.route === '#/educonnect' && widget(s, 'educonnect.responsable'));
    const responsable = await waitForWidget(page, 'educonnect.responsable');
    await screenshot(page, 'phone-3-educonnect.png', { touch: true });
    await press(page, responsable, { touch: true });
    await waitForBridge(page, 'the sign-in screen', (s) => s.route === '#/connexion' && widget(s, 'identifiant'));
    await screenshot(page, 'phone-4-connexion.png', { touch: true });
    assert.deepEqual(errors, [], 'no error in the page');
  } finally {
    await context.close();
  }
});


test('"Mon compte": e-mail verified with its code, alerts switch, new password, sign-in again',
     async ({ browser, base }) => {
  const identifier = await createDemoAccount(base);
  const viewport = { width: 1280, height: 900 };
  const { context, page, errors } = await openPage(browser, base, { viewport });
  const signIn = async (password) => {
    await waitForBridge(page, 'the sign-in screen', (s) => s.route === '#/connexion' && widget(s, 'identifiant'));
    await typeInto(page, 'identifiant', identifier);
    await typeInto(page, 'mot-de-passe', password);
    await pressWidget(page, 'se-connecter');
    await waitForBridge(page, '"Mon compte"', (s) => s.route === '#/compte' && widget(s, 'compte.email'));
  };
  try {
    await page.goto(base + '/#/connexion');
    await signIn('Ecole2026μ!');
    let state = await bridgeState(page);
    assert.ok(widget(state, 'alerte.email_not_verified'), 'the alert asks for an e-mail address');
    assert.equal(widget(state, 'compte.telephone').label,
                 'N° de téléphone portable : +33\u00a06\u00a012\u00a034\u00a056\u00a078');
    assert.equal(widget(state, 'compte.alertes-connexion').checked, true);
    await screenshot(page, 'compte-1-compte.png');

    // E-mail: the address, then the code sent to it.
    await pressWidget(page, 'compte.email.modifier');
    await waitForBridge(page, 'the e-mail screen', (s) => s.route === '#/compte/email' && widget(s, 'email'));
    const email = 'emilie.dupont@exemple.fr';
    const before = (await outbox(base, email)).length;
    await typeInto(page, 'email', email);
    await screenshot(page, 'compte-2-email.png');
    await pressWidget(page, 'envoyer-code');
    await waitForWidget(page, 'code', () => true, 'the code step');
    assert.match(widget(await bridgeState(page), 'alerte.code-envoye').label, /valable 30 minutes/);
    await typeInto(page, 'code', await newCode(base, email, before));
    await screenshot(page, 'compte-3-email-code.png');
    await pressWidget(page, 'valider');
    await waitForBridge(page, 'the verified address', (s) => s.route === '#/compte' &&
      widget(s, 'alerte.succes') && /\(vérifiée\)/.test((widget(s, 'compte.email') || {}).label || ''));
    state = await bridgeState(page);
    assert.equal(widget(state, 'compte.email').label, `Adresse mail : ${email} (vérifiée)`);
    assert.equal(widget(state, 'alerte.email_not_verified'), null, 'the e-mail alert is gone');
    await screenshot(page, 'compte-4-email-verifiee.png');

    // The alerts switch.
    await pressWidget(page, 'compte.alertes-connexion');
    await waitForWidget(page, 'compte.alertes-connexion', (w) => !w.checked, 'the alerts switched off');

    // The password.
    await pressWidget(page, 'compte.mot-de-passe.modifier');
    await waitForBridge(page, 'the password screen',
                        (s) => s.route === '#/compte/mot-de-passe' && widget(s, 'mot-de-passe-actuel'));
    await typeInto(page, 'mot-de-passe-actuel', 'Ecole2026μ!');
    await typeInto(page, 'nouveau-mot-de-passe', 'Maison2027#é');
    await typeInto(page, 'confirmation', 'Maison2027#é');
    const rules = (await bridgeState(page)).widgets.filter((w) => w.id.startsWith('regle.'));
    assert.equal(rules.length, 5);
    assert.ok(rules.every((w) => w.label.startsWith('✓')), 'the five rules are met');
    await screenshot(page, 'compte-5-mot-de-passe.png');
    await pressWidget(page, 'enregistrer');
    await waitForBridge(page, 'the password changed', (s) => s.route === '#/compte' &&
      /mot de passe a été modifié/.test((widget(s, 'alerte.succes') || {}).label || ''));
    assert.equal(widget(await bridgeState(page), 'compte.alertes-connexion').checked, false);
    await screenshot(page, 'compte-6-mot-de-passe-modifie.png');

    await pressWidget(page, 'se-deconnecter');
    await signIn('Maison2027#é');
    state = await bridgeState(page);
    assert.equal(widget(state, 'compte.email').label, `Adresse mail : ${email} (vérifiée)`);
    assert.equal(widget(state, 'alerte.succes'), null, 'no success alert of the earlier session');
    assert.deepEqual(errors.filter((e) => !/status of 40[01]/.test(e)), [], 'no error in the page');
  } finally {
    await context.close();
  }
});

test('"Identifiant oublié ?" and "Mot de passe oublié ?": a new password with the SMS code, then sign-in',
     async ({ browser, base }) => {
  const identifier = await createDemoAccount(base);
  const viewport = { width: 1280, height: 900 };
  const { context, page, errors } = await openPage(browser, base, { viewport });
  try {
    // "Identifiant oublié ?" by e-mail: the same answer whether or not an account matches.
    await page.goto(base + '/#/connexion');
    await waitForWidget(page, 'identifiant-oublie');
    await pressWidget(page, 'identifiant-oublie');
    await waitForBridge(page, '"Identifiant oublié ?"', (s) => s.route === '#/identifiant-oublie' && widget(s, 'canal.mail'));
    await pressWidget(page, 'canal.mail');
    await waitForWidget(page, 'email', () => true, 'the e-mail field');
    const unknown = 'personne.inconnue@exemple.fr';
    await typeInto(page, 'email', unknown);
    await screenshot(page, 'recovery-0-identifiant-oublie.png');
    await pressWidget(page, 'envoyer');
    const sent = await waitForWidget(page, 'alerte.identifiant-envoye');
    assert.match(sent.label, /Si cette adresse correspond à un compte, votre identifiant vient de vous être envoyé\./);
    assert.deepEqual(await outbox(base, unknown), [], 'nothing sent to an unknown address');
    await screenshot(page, 'recovery-1-identifiant-envoye.png');
    await pressWidget(page, 'retour-connexion');

    // "Mot de passe oublié ?": identifier, code by SMS, new password.
    await waitForBridge(page, 'the sign-in screen', (s) => s.route === '#/connexion' && widget(s, 'mot-de-passe-oublie'));
    await pressWidget(page, 'mot-de-passe-oublie');
    await waitForBridge(page, 'step 1', (s) => s.route === '#/mot-de-passe-oublie' && widget(s, 'identifiant'));
    await typeInto(page, 'identifiant', identifier);
    await screenshot(page, 'recovery-2-identifiant.png');
    const phone = '+33612345678';
    const before = (await outbox(base, phone)).length;
    await pressWidget(page, 'suivant');
    await waitForBridge(page, 'step 2', (s) => s.route === '#/mot-de-passe-oublie/code' && widget(s, 'code'));
    assert.match(widget(await bridgeState(page), 'alerte.code-envoye').label, /Il est valable 30 minutes\./);
    await typeInto(page, 'code', await newCode(base, phone, before));
    await screenshot(page, 'recovery-3-code.png');
    await pressWidget(page, 'valider');
    await waitForBridge(page, 'step 3',
                        (s) => s.route === '#/mot-de-passe-oublie/nouveau' && widget(s, 'nouveau-mot-de-passe'));
    await typeInto(page, 'nouveau-mot-de-passe', 'Cahier!Rouge2027');
    await typeInto(page, 'confirmation', 'Cahier!Rouge2027');
    const rules = (await bridgeState(page)).widgets.filter((w) => w.id.startsWith('regle.'));
    assert.equal(rules.length, 5);
    assert.ok(rules.every((w) => w.label.startsWith('✓')), 'the five rules are met');
    await screenshot(page, 'recovery-4-nouveau.png');
    await pressWidget(page, 'valider');

    const done = await waitForWidget(page, 'alerte.mot-de-passe-modifie', (w, s) => s.route === '#/connexion',
                                     'the sign-in screen with its success alert');
    assert.match(done.label, /Votre mot de passe est modifié : connectez-vous avec votre nouveau mot de passe\./);
    await screenshot(page, 'recovery-5-connexion.png');
    await typeInto(page, 'identifiant', identifier);
    await typeInto(page, 'mot-de-passe', 'Cahier!Rouge2027');
    await pressWidget(page, 'se-connecter');
    await waitForBridge(page, '"Mon compte"', (s) => s.route === '#/compte' && widget(s, 'compte.nom'));
    await screenshot(page, 'recovery-6-compte.png');
    assert.deepEqual(errors, [], 'no error in the page');
  } finally {
    await context.close();
  }
});

test('an unreachable /api/v1/config shows a French error with "Réessayer", which recovers',
     async ({ browser, base }) => {
  const viewport = { width: 1280, height: 800 };
  const { context, page } = await openPage(browser, base, { viewport });
  try {
    let failing = true;
    await page.route('**/api/v1/config', (route) =>
      failing ? route.fulfill({ status: 503, contentType: 'text/html', body: '<h1>503</h1>' }) : route.continue());
    await page.goto(base + '/');
    const alert = await waitForWidget(page, 'alerte.configuration');
    assert.match(alert.label, /Le service ne répond pas/);
    assert.match(alert.label, /réessayez/);
    const retry = await waitForWidget(page, 'alerte.configuration.action');
    assert.equal(retry.label, 'Réessayer');
    assert.equal(retry.kind, 'button');
    await screenshot(page, 'desktop-4-erreur.png');
    failing = false;
    await press(page, retry);
    await waitForBridge(page, 'the alert to go', (s) => !widget(s, 'alerte.configuration'));
  } finally {
    await context.close();
  }
});

test('another profile gets a French notice and stays on the first screen', async ({ browser, base }) => {
  const viewport = { width: 1280, height: 800 };
  const { context, page } = await openPage(browser, base, { viewport });
  try {
    // School staff have their console (tests/e2e/staff.mjs); a local authority's staff has no way in here.
    await firstScreen(page, base);
    await press(page, await scrollIntoView(page, 'profil.collectivite'));
    await waitForWidget(page, 'profil.collectivite', (w) => w.checked);
    await press(page, await scrollIntoView(page, 'niveau.ecole'));
    await waitForWidget(page, 'niveau.ecole', (w) => w.checked);
    await press(page, await scrollIntoView(page, 'se-connecter'));
    const notice = await waitForWidget(page, 'alerte.profil');
    assert.match(notice.label, /«\u00a0Personnel collectivité et invité\u00a0»/);
    assert.equal((await bridgeState(page)).route, '#/profil');
  } finally {
    await context.close();
  }
});

test('keyboard: Tab reaches the profiles, the arrows pick one, the ring follows', async ({ browser, base }) => {
  const { context, page } = await openPage(browser, base, { viewport: { width: 1280, height: 800 } });
  try {
    await firstScreen(page, base);
    await page.keyboard.press('Tab', { delay: 30 });
    await waitForWidget(page, 'profil.eleve', (w) => w.focused, 'Tab to reach the first profile');
    const focused = await page.evaluate(() => document.activeElement.dataset.node);
    assert.equal(focused, 'profil.eleve', 'the DOM focus and the drawn one are the same');
    await page.keyboard.press('ArrowDown', { delay: 30 });
    await waitForWidget(page, 'profil.parent', (w) => w.focused && w.checked, 'ArrowDown to move to and check the next tile');
    const eleve = widget(await bridgeState(page), 'profil.eleve');
    assert.equal(eleve.checked, false, 'one profile at a time');
    await screenshot(page, 'desktop-5-clavier.png');
  } finally {
    await context.close();
  }
});

test('a narrower window, then a zoom (devicePixelRatio 2), re-lay and re-bake the page', async ({ browser, base }) => {
  const { context, page } = await openPage(browser, base, { viewport: { width: 1280, height: 800 } });
  try {
    const wide = await firstScreen(page, base);
    assert.ok(widget(wide, 'profil.parent').width <= 480, 'inside the desktop card');
    await page.setViewportSize({ width: 480, height: 800 });
    // A frame drawn for the new size (the desktop's last frame has a 480 px tile too).
    const narrow = await waitForWidget(page, 'profil.parent', (w, state) => state.viewport.width === 480,
                                       'a frame for the narrow window');
    assert.ok(narrow.width >= 480 - 2 * 16 - 1, 'the tiles span the narrow window');
    assert.ok(narrow.x + narrow.width <= 480);
    assert.equal(await page.evaluate(() => document.getElementById('canvas').width), 480);

    // What zooming to 200 % does: the same CSS layout on twice the device pixels.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setDeviceMetricsOverride', { width: 480, height: 800, deviceScaleFactor: 2, mobile: false });
    // A real zoom also fires `resize` (and the resolution media query); the emulation fires neither.
    await page.evaluate(() => window.dispatchEvent(new Event('resize')));
    await waitForBridge(page, 'the page drawn at devicePixelRatio 2', (s) => s.dpr === 2);
    const zoomed = await waitForWidget(page, 'profil.parent');
    assert.ok(Math.abs(zoomed.width - narrow.width) <= 1, 'the same layout in CSS pixels');
    assert.equal(await page.evaluate(() => document.getElementById('canvas').width), 960, 'twice the backbuffer');
    await screenshot(page, 'zoom-200.png');
    await cdp.detach();
  } finally {
    await context.close();
  }
});

registerJourneys(test);
registerMethodA(test);
registerPupils(test);
registerStaff(test);
registerAccessibility(test);

// ---------------------------------------------------------------------------

async function main() {
  for (const file of [server, admin, fcDemo, path.join(web, 'index.html'), path.join(web, 'sesame.wasm')]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: build first (make build)`);
  }
  fs.mkdirSync(shots, { recursive: true });
  const base = await demoServer();
  console.log(`server ${base}`);
  const browser = await launchChromium(chromium);
  cleanups.push(() => browser.close());

  let passed = 0;
  let failed = 0;
  // E2E_ONLY=regexp runs the tests whose name matches (while working on one).
  const only = process.env.E2E_ONLY ? new RegExp(process.env.E2E_ONLY) : null;
  for (const { name, fn } of tests.filter((t) => !only || only.test(t.name))) {
    const started = Date.now();
    try {
      await fn({ browser, base });
      passed++;
      console.log(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed++;
      console.log(`FAIL ${name}\n     ${String(error.stack || error).split('\n').join('\n     ')}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0;
}

const watchdog = guardRun(TOTAL_TIMEOUT_MS, (message) => console.log(`FAIL ${message}`));

let ok = false;
try {
  ok = await main();
} catch (error) {
  console.log(`FAIL ${error.stack || error}`);
  console.log('0 passed, 1 failed');
} finally {
  clearTimeout(watchdog);
  await cleanup();
}
process.exit(ok ? 0 : 1);
