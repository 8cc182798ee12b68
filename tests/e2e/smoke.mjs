// Browser smoke test of the client: a real server with the demo database, Debian's
// Chromium driven by playwright-core, clicks and taps at the coordinates the
// client's test bridge (window.sesameBridge) reports for its widgets.
//
//   node tests/e2e/smoke.mjs                       uses build/bin and build/web
//   SESAME_BUILD=/path/to/out node tests/e2e/smoke.mjs
//
// Screenshots go to <build>/e2e/. Prints "N passed, M failed" and exits non-zero on failure.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const build = path.resolve(root, process.env.SESAME_BUILD || 'build');
const server = path.join(build, 'bin', 'sesame-server');
const admin = path.join(build, 'bin', 'sesame-admin');
const web = path.join(build, 'web');
const shots = path.join(build, 'e2e');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

const TOTAL_TIMEOUT_MS = 420_000;  // the whole run, whatever happens
const STEP_TIMEOUT_MS = 15_000;    // one wait for the page

const PROFILES = [
  ['eleve', 'Élève'],
  ['parent', 'Représentant légal (parents)'],
  ['personnel', 'Personnel Éducation nationale'],
  ['agricole', 'Enseignement agricole (Élève, parent ou personnel)'],
  ['collectivite', 'Personnel collectivité et invité'],
];
const TITLE = 'Veuillez renseigner quelques informations pour accéder à votre page d\'authentification';

// ---------------------------------------------------------------------------
// Processes: started here, always stopped here.

const cleanups = [];
async function cleanup() {
  while (cleanups.length) {
    try {
      await cleanups.pop()();
    } catch (error) {
      console.error('cleanup:', error.message);
    }
  }
}

function startServer(db) {
  return new Promise((resolve, reject) => {
    const child = spawn(server, ['--listen', '127.0.0.1:0', '--db', db, '--web', web, '--dev'],
                        { stdio: ['ignore', 'pipe', 'pipe'] });
    const log = [];
    cleanups.push(() => stopProcess(child));
    const timer = setTimeout(() => reject(new Error('the server printed no address:\n' + log.join(''))),
                             STEP_TIMEOUT_MS);
    const read = (chunk) => {
      log.push(chunk.toString());
      const match = log.join('').match(/http:\/\/127\.0\.0\.1:(\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve({ child, base: `http://127.0.0.1:${match[1]}`, log });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server stopped (exit ${code}):\n${log.join('')}`));
    });
  });
}

function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

// ---------------------------------------------------------------------------
// The page, seen through the bridge.

async function bridgeState(page) {
  return page.evaluate(() => (window.sesameBridge ? window.sesameBridge.state() : null));
}

// Polls fn(state) until it returns a truthy value; fails with what was expected.
async function waitForBridge(page, what, fn, timeout = STEP_TIMEOUT_MS) {
  const deadline = Date.now() + timeout;
  let state = null;
  while (Date.now() < deadline) {
    state = await bridgeState(page);
    if (state && state.frame > 0) {
      const result = fn(state);
      if (result) return result;
    }
    await page.waitForTimeout(50);
  }
  const seen = state ? state.widgets.map((w) => `${w.id}${w.checked ? '*' : ''}`).join(', ') : 'no bridge';
  throw new Error(`timed out waiting for ${what} (route ${state && state.route}; widgets: ${seen})`);
}

function widget(state, id) {
  return state.widgets.find((w) => w.id === id) || null;
}

async function waitForWidget(page, id, check = () => true, what = id) {
  return waitForBridge(page, what, (state) => {
    const w = widget(state, id);
    return w && check(w, state) ? w : null;
  });
}

const center = (w) => ({ x: w.x + w.width / 2, y: w.y + w.height / 2 });
const inside = (w, viewport) =>
  w.x >= 0 && w.y >= 0 && w.x + w.width <= viewport.width && w.y + w.height <= viewport.height;

// Scrolls (mouse wheel, or a finger's swipe on touch screens) until the widget is wholly in view.
async function scrollIntoView(page, id, { touch = false } = {}) {
  const viewport = page.viewportSize();
  for (let attempt = 0; attempt < 12; attempt++) {
    const state = await bridgeState(page);
    const w = widget(state, id);
    assert.ok(w, `${id} is drawn`);
    if (inside(w, viewport)) return w;
    const dy = w.y + w.height > viewport.height ? w.y + w.height - viewport.height + 40 : w.y - 40;
    const frame = state.frame;
    if (touch) {
      await swipe(page, viewport.width / 2, viewport.height * 0.7, viewport.height * 0.7 - dy);
    } else {
      await page.mouse.move(viewport.width / 2, viewport.height / 2);
      await page.mouse.wheel(0, dy);
    }
    await waitForBridge(page, 'a frame after scrolling', (s) => s.frame > frame);
    await page.waitForTimeout(100);
  }
  throw new Error(`${id} could not be scrolled into view`);
}

// A finger dragging from (x, fromY) to (x, toY), as raw touch events.
async function swipe(page, x, fromY, toY, steps = 10) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y: fromY }] });
    for (let i = 1; i <= steps; i++) {
      const y = fromY + ((toY - fromY) * i) / steps;
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] });
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  } finally {
    await cdp.detach();
  }
}

async function press(page, w, { touch = false } = {}) {
  const p = center(w);
  if (touch) {
    await page.touchscreen.tap(p.x, p.y);
  } else {
    await page.mouse.click(p.x, p.y, { delay: 30 });
  }
}

async function screenshot(page, name, { touch = false } = {}) {
  // Away from any widget, so none is drawn hovered (a finger leaves nothing hovered).
  if (!touch) await page.mouse.move(2, 2);
  const frame = (await bridgeState(page)).frame;
  await page.waitForTimeout(150);
  await waitForBridge(page, 'the page to settle', (s) => s.frame >= frame);
  const file = path.join(shots, name);
  await page.screenshot({ path: file });
  console.log(`  screenshot ${path.relative(root, file)}`);
}

// Opens a page, collecting errors the page itself reports.
async function openPage(browser, base, options) {
  const context = await browser.newContext({ locale: 'fr-FR', ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return { context, page, errors };
}

async function firstScreen(page, base) {
  await page.goto(base + '/');
  assert.equal(await page.title(), 'Sésame — Première connexion');
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  return waitForBridge(page, 'the first screen with its profiles',
                       (s) => s.route === '#/profil' && widget(s, 'profil.parent') && s);
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
    // The hidden text agent is there for text fields, and idle while there is none.
    const agent = await page.evaluate(() => {
      const input = document.getElementById('sesame-text-agent');
      return input && { opacity: getComputedStyle(input).opacity, focused: document.activeElement === input };
    });
    assert.deepEqual(agent, { opacity: '0', focused: false });
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

// Clicks a text field, waits for the text agent to take the keyboard, and types.
async function typeInto(page, id, text) {
  const field = await scrollIntoView(page, id);
  await press(page, field);
  await page.waitForFunction(() => document.activeElement && document.activeElement.tagName === 'INPUT',
                             null, { timeout: STEP_TIMEOUT_MS });
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text, { delay: 15 });
}

async function pressWidget(page, id) {
  await press(page, await scrollIntoView(page, id));
}

// The newest SMS code sent to `e164`, read from the development outbox.
async function latestCode(base, e164) {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const res = await fetch(`${base}/api/v1/dev/outbox?to=${encodeURIComponent(e164)}`);
    const messages = await res.json();
    const match = messages.length > 0 && messages[0].body.match(/\b(\d{6})\b/);
    if (match) return match[1];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no SMS code sent to ${e164}`);
}

test('"Je n\'ai pas de compte": Emilie DUPONT creates her account and lands on "Mon compte"',
     async ({ browser, base }) => {
  const viewport = { width: 1280, height: 900 };
  const { context, page, errors } = await openPage(browser, base, { viewport });
  try {
    await page.goto(base + '/#/connexion');
    await waitForWidget(page, 'sans-compte');
    await screenshot(page, 'activation-0-connexion.png');
    await pressWidget(page, 'sans-compte');
    await waitForBridge(page, 'the identity screen', (s) => s.route === '#/activation/identite' && widget(s, 'nom'));
    await typeInto(page, 'nom', 'Dupont');
    await typeInto(page, 'prenom', 'Émilie');
    await typeInto(page, 'telephone', '06 12 34 56 78');
    await screenshot(page, 'activation-1-identite.png');
    await pressWidget(page, 'suivant');

    await waitForBridge(page, 'the code screen', (s) => s.route === '#/activation/code' && widget(s, 'code'));
    const sent = widget(await bridgeState(page), 'alerte.code-envoye');
    assert.match(sent.label, /\+33 6 \*\* \*\* \*\* 78/);
    await typeInto(page, 'code', '000000');
    await pressWidget(page, 'valider');
    await waitForBridge(page, 'the wrong code refused', (s) =>
      s.widgets.some((w) => /Il vous reste 4 essais/.test(w.label)));
    await typeInto(page, 'code', await latestCode(base, '+33612345678'));
    await screenshot(page, 'activation-2-code.png');
    await pressWidget(page, 'valider');

    await waitForBridge(page, 'the children screen', (s) => s.route === '#/activation/enfants' && widget(s, 'enfant.1.oui'));
    await pressWidget(page, 'enfant.0.oui');
    await waitForWidget(page, 'enfant.0.oui', (w) => w.checked, 'the first child answered');
    await typeInto(page, 'enfant.0.naissance', '14 03 2012');
    await pressWidget(page, 'enfant.1.oui');
    await waitForWidget(page, 'enfant.1.oui', (w) => w.checked, 'the second child answered');
    await typeInto(page, 'enfant.1.naissance', '02 09 2017');
    await screenshot(page, 'activation-3-enfants.png');
    await pressWidget(page, 'confirmer');

    await waitForBridge(page, 'the password screen',
                        (s) => s.route === '#/activation/mot-de-passe' && widget(s, 'nouveau-mot-de-passe'));
    await typeInto(page, 'nouveau-mot-de-passe', 'Ecole2026μ!');
    await typeInto(page, 'confirmation', 'Ecole2026μ!');
    const rules = (await bridgeState(page)).widgets.filter((w) => w.id.startsWith('regle.'));
    assert.equal(rules.length, 5);
    assert.ok(rules.every((w) => w.label.startsWith('✓')), 'the five rules are met');
    await screenshot(page, 'activation-4-mot-de-passe.png');
    await pressWidget(page, 'suivant');

    const identifier = await waitForWidget(page, 'identifiant', (w, s) => s.route === '#/activation/identifiant');
    assert.match(identifier.label, /^e\.dupont\d{2}$/);
    await screenshot(page, 'activation-5-identifiant.png');
    await pressWidget(page, 'acceder-compte');

    await waitForBridge(page, '"Mon compte"', (s) => s.route === '#/compte' && widget(s, 'compte.enfant.1.nom'));
    const state = await bridgeState(page);
    assert.equal(widget(state, 'compte.enfant.0.nom').label, 'Albert DUPONT');
    assert.equal(widget(state, 'compte.enfant.1.nom').label, 'Jeanne DUPONT');
    await screenshot(page, 'activation-6-compte.png');

    // A reload keeps the parent on the account page (the session cookie).
    await page.reload();
    await waitForBridge(page, '"Mon compte" after a reload', (s) => s.route === '#/compte' && widget(s, 'compte.nom'));
    await pressWidget(page, 'se-deconnecter');
    await waitForBridge(page, 'the sign-in screen after signing out', (s) => s.route === '#/connexion');
    // The wrong code's 400 and the signed-out page's 401 are answers the test asked for.
    assert.deepEqual(errors.filter((e) => !/status of 40[01]/.test(e)), [], 'no error in the page');
  } finally {
    await context.close();
  }
});

// The messages queued for `to` in the development outbox, newest first.
async function outbox(base, to) {
  const res = await fetch(`${base}/api/v1/dev/outbox?to=${encodeURIComponent(to)}`);
  return res.json();
}

// The code of the first message sent to `to` after `before` messages were already there.
async function newCode(base, to, before) {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const messages = await outbox(base, to);
    const match = messages.length > before && messages[0].body.match(/\b(\d{6})\b/);
    if (match) return match[1];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no new code sent to ${to}`);
}

// "Je n'ai pas de compte" over the API for the demo's Emilie DUPONT: answers her new identifier.
async function createDemoAccount(base, password = 'Ecole2026μ!') {
  const post = async (pathname, body, expected) => {
    const res = await fetch(base + pathname, {
      method: 'POST',
      headers: { Origin: base, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = await res.json();
    assert.equal(res.status, expected, `${pathname}: ${JSON.stringify(answer)}`);
    return answer;
  };
  const phone = '+33612345678';
  const before = (await outbox(base, phone)).length;
  const { flow } = await post('/api/v1/activation',
                              { last_name: 'DUPONT', first_name: 'Emilie', phone: '06 12 34 56 78' }, 201);
  const { children } = await post(`/api/v1/activation/${flow}/sms`, { code: await newCode(base, phone, before) }, 200);
  const births = { Albert: '2012-03-14', Jeanne: '2017-09-02' };
  await post(`/api/v1/activation/${flow}/children`,
             { children: children.map((c) => ({ id: c.id, is_guardian: true, birth_date: births[c.first_name] })) }, 200);
  const { identifier } = await post(`/api/v1/activation/${flow}/password`, { password, confirmation: password }, 201);
  return identifier;
}

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
    assert.equal(widget(state, 'compte.telephone').label, 'N° de téléphone portable : +33 6 12 34 56 78');
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
    const state = await firstScreen(page, base);
    await press(page, widget(state, 'profil.personnel'));
    await waitForWidget(page, 'profil.personnel', (w) => w.checked);
    await press(page, await scrollIntoView(page, 'niveau.ecole'));
    await waitForWidget(page, 'niveau.ecole', (w) => w.checked);
    await press(page, await scrollIntoView(page, 'se-connecter'));
    const notice = await waitForWidget(page, 'alerte.profil');
    assert.match(notice.label, /«\u00a0Personnel Éducation nationale\u00a0»/);
    assert.equal((await bridgeState(page)).route, '#/profil');
  } finally {
    await context.close();
  }
});

test('keyboard: Tab moves a visible focus through the tiles, Space picks one', async ({ browser, base }) => {
  const { context, page } = await openPage(browser, base, { viewport: { width: 1280, height: 800 } });
  try {
    await firstScreen(page, base);
    for (let i = 0; i < 2; i++) {
      await page.keyboard.press('Tab', { delay: 30 });
      await page.waitForTimeout(100);
    }
    await waitForWidget(page, 'profil.parent', (w) => w.focused, 'the second tile to have the keyboard focus');
    await page.keyboard.press('Space', { delay: 30 });
    await waitForWidget(page, 'profil.parent', (w) => w.checked, 'Space to check the focused tile');
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

// ---------------------------------------------------------------------------

async function main() {
  for (const file of [server, admin, path.join(web, 'index.html'), path.join(web, 'sesame.wasm')]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: build first (make build)`);
  }
  fs.mkdirSync(shots, { recursive: true });
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'sesame-e2e-'));
  cleanups.push(() => fs.rmSync(temp, { recursive: true, force: true }));
  const db = path.join(temp, 'sesame.db');
  execFileSync(admin, ['demo', '--db', db], { stdio: 'pipe', timeout: 30_000 });

  const { base } = await startServer(db);
  console.log(`server ${base}`);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    timeout: 30_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--use-gl=swiftshader', '--enable-unsafe-swiftshader',
           '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  cleanups.push(() => browser.close());

  let passed = 0;
  let failed = 0;
  for (const { name, fn } of tests) {
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

const watchdog = setTimeout(async () => {
  console.log(`FAIL the run took more than ${TOTAL_TIMEOUT_MS / 1000} s`);
  await cleanup();
  process.exit(1);
}, TOTAL_TIMEOUT_MS);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await cleanup();
    process.exit(130);
  });
}

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
