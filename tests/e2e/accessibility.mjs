// The semantic mirror (docs/accessibility.md) in Chromium: real DOM elements
// over the canvas, one per node of the bridge, with their roles, names and states;
// real <input>s holding the text; the DOM's focus as the truth. These tests check
// it the ways it is used: axe-core on every screen (desktop and phone), Chromium's
// accessibility tree against the bridge node by node, Méthode B with the keyboard
// only and again through roles and labels as a screen reader drives it, a password
// manager's fill, the focus and the announcement after a refused submit, and
// reflow at 320 CSS px and at 200 % zoom. Each test starts its own server on the
// demo data (their SMS do not share a budget). `E2E_ONLY='^Accessibility'` runs them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import {
  ROUTES, activate, axOutline, axSession, axTree, bounded, checkReflow, checkSemantics, describeFocus, errorOf,
  fillNode, focused, formatViolation, inputSelector, nodeSelector, norm, onScreen, runAxe, tabTo, waitForFieldError,
  walkScreens,
  DUPONT_PHONE, PASSWORD,
} from './a11y_support.mjs';
import {
  STEP_TIMEOUT_MS, bridgeState, createDemoAccount, demoServer, newCode, openPage, outbox, shots, waitForBridge,
  waitForWidget, widget,
} from './support.mjs';

const DESKTOP = { viewport: { width: 1280, height: 800 } };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };
const NARROW = { viewport: { width: 320, height: 640 } };
const ZOOM_200 = { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 };

// The 400s and 401s of refused submits and of the signed-out page are answers the tests asked for.
const pageErrors = (errors) => errors.filter((e) => !/status of 40[0-9]/.test(e));

// One walk through every screen with `checks` run on each; answers, per screen, what they found.
async function walk(browser, options, label, checks) {
  const base = await demoServer();
  const { context, page, errors } = await openPage(browser, base, options);
  const cdp = checks.semantics ? await axSession(page) : null;
  const screens = [];
  const started = Date.now();
  let outcome = null;
  try {
    outcome = await walkScreens(page, base, async (name) => {
      const found = { name };
      if (checks.axe) found.axe = await runAxe(page);
      if (checks.semantics) {
        const result = await checkSemantics(page, cdp);
        found.semantics = result.failures;
        found.nodes = result.count;
        if (name === '#/connexion') {
          const lines = axOutline(await axTree(cdp));
          found.outline = lines;
          fs.mkdirSync(shots, { recursive: true });
          fs.writeFileSync(path.join(shots, 'a11y-connexion-tree.txt'), lines.join('\n') + '\n');
        }
      }
      if (checks.reflow) found.reflow = (await checkReflow(page)).failures;
      screens.push(found);
      const summary = [
        found.axe && `axe ${found.axe.length}`, found.semantics && `semantics ${found.semantics.length}/${found.nodes}`,
        found.reflow && `reflow ${found.reflow.length}`,
      ].filter(Boolean).join(', ');
      console.log(`  [${label}] ${name}: ${summary}`);
    }, (message) => console.log(`  [${label}] ${message}`));
  } catch (error) {
    error.message = `the walk stopped after ${screens.map((s) => s.name).join(', ') || 'no screen'}: ${error.message}` +
      (errors.length ? `\n(the page reported: ${errors.join(' | ')})` : '');
    throw error;
  } finally {
    console.log(`  [${label}] ${screens.length} screens in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await cdp?.detach().catch(() => {});
    await context.close();
  }
  const routes = new Set(screens.map((s) => s.name.replace(/ \(.*\)$/, '')));
  const missing = ROUTES.filter((r) => !routes.has(r));
  assert.deepEqual(missing, [], `every route shown (${label})`);
  return { screens, skipped: outcome.skipped, errors: pageErrors(errors) };
}

// The desktop walk serves two tests (axe and the semantics table): walked once.
let desktopWalk = null;
const walkDesktop = (browser) => (desktopWalk ??= walk(browser, DESKTOP, 'desktop', { axe: true, semantics: true }));

function assertNoViolations({ screens }, label) {
  const report = [];
  for (const s of screens) {
    for (const v of s.axe) report.push(`${s.name}: ${formatViolation(v)}`);
  }
  if (report.length) console.log(`  axe-core violations (${label}):\n    ${report.join('\n    ')}`);
  assert.equal(report.length, 0, `axe-core (${label}) found:\n${report.join('\n')}`);
}

function assertTable({ screens }) {
  const report = [];
  for (const s of screens) for (const f of s.semantics) report.push(`${s.name}: ${f}`);
  if (report.length) console.log(`  semantics table failures:\n    ${report.join('\n    ')}`);
  assert.equal(report.length, 0, `the accessibility tree differs from the bridge:\n${report.join('\n')}`);
}

function assertReflow({ screens }, label) {
  const report = [];
  for (const s of screens) for (const f of s.reflow) report.push(`${s.name}: ${f}`);
  if (report.length) console.log(`  reflow failures (${label}):\n    ${report.join('\n    ')}`);
  assert.equal(report.length, 0, `reflow at ${label}:\n${report.join('\n')}`);
}

// ---------------------------------------------------------------------------
// The keyboard: the DOM's focus and the ring the canvas draws.

// The focus is on the node `id` (the DOM's truth) and the bridge draws it there.
async function expectFocus(page, id, { ring = true } = {}) {
  const f = await focused(page);
  assert.equal(f && f.node, id, `the DOM's focus is on ${id} (it is on ${describeFocus(f)})`);
  if (ring) {
    await waitForWidget(page, id, (w) => w.focused, `the bridge to report ${id} focused (the ring drawn)`);
  }
}

// A new screen: the focus is on its h1 (tabindex=-1).
async function expectTitleFocus(page, route) {
  const state = await bridgeState(page);
  const h1 = state.widgets.find((w) => w.role === 'heading' && w.level === 1);
  assert.ok(h1, `${route} has a level-1 heading in the bridge`);
  const deadline = Date.now() + 5000;
  let f = await focused(page);
  while ((!f || f.node !== h1.id) && Date.now() < deadline) {
    await page.waitForTimeout(50);
    f = await focused(page);
  }
  assert.equal(f && f.node, h1.id, `on ${route} the focus moved to the h1 "${h1.label}" (it is on ${describeFocus(f)})`);
  assert.equal(f.tag, 'H1', `${h1.id} is an <h1>`);
}

// The nodes Tab went through come in the bridge's (visual) order.
async function expectVisualOrder(page, path, what) {
  const state = await bridgeState(page);
  const order = new Map(state.widgets.map((w, i) => [w.id, i]));
  const indices = path.map((id) => order.get(id)).filter((i) => i !== undefined);
  for (let i = 1; i < indices.length; i++) {
    assert.ok(indices[i] > indices[i - 1], `${what}: Tab follows the visual order (went through ${path.join(' → ')})`);
  }
}

// Tab to `id`, checking the way and the ring.
async function tab(page, id, what = `Tab to ${id}`) {
  const path = await tabTo(page, id);
  await expectVisualOrder(page, path, what);
  await expectFocus(page, id);
}

async function typeKeys(page, text) {
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text, { delay: 10 });
}

// ---------------------------------------------------------------------------
// Assistive technology: roles and labels only.

const byRole = (page, role, name, options = {}) => page.getByRole(role, { name, exact: true, ...options });

async function waitForChecked(locator, what) {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await locator.isChecked().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what} to be checked`);
}

async function waitForHash(page, hash) {
  await page.waitForFunction((h) => location.hash === h, hash, { timeout: STEP_TIMEOUT_MS })
    .catch(() => { throw new Error(`timed out waiting for ${hash} (at ${new URL(page.url()).hash})`); });
}

// The screen's one h1, as the tree exposes it.
async function title(page) {
  const h1 = page.getByRole('heading', { level: 1 });
  await h1.first().waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.equal(await h1.count(), 1, 'one level-1 heading');
  return norm(await h1.textContent());
}

// ---------------------------------------------------------------------------

export function registerAccessibility(test) {
  test('Accessibility: axe-core finds no WCAG 2.1 A/AA violation on any screen, fresh and refused (desktop 1280×800)',
       async ({ browser }) => {
    const result = await walkDesktop(browser);
    assertNoViolations(result, 'desktop');
    assert.deepEqual(result.errors, [], 'no error in the page');
  });

  test('Accessibility: axe-core finds no WCAG 2.1 A/AA violation on any screen (phone 390×844 at 3× with touch)',
       async ({ browser }) => {
    const result = await walk(browser, PHONE, 'phone', { axe: true });
    assertNoViolations(result, 'phone');
    assert.deepEqual(result.errors, [], 'no error in the page');
  });

  test('Accessibility: every node of the bridge with a role is in Chromium\'s accessibility tree with its name ' +
       'and states, on every screen', async ({ browser }) => {
    const result = await walkDesktop(browser);
    const connexion = result.screens.find((s) => s.name === '#/connexion');
    if (connexion && connexion.outline) {
      console.log(`  the accessibility tree of #/connexion (also in build/e2e/a11y-connexion-tree.txt):\n    ${connexion.outline.join('\n    ')}`);
    }
    assertTable(result);
  });

  test('Accessibility: a button waiting for its answer is busy and disabled in the tree, still focusable',
       async ({ browser }) => {
    const base = await demoServer();
    const { context, page } = await openPage(browser, base, DESKTOP);
    // The sign-in's answer held back while the tree is read.
    let release = () => {};
    const held = new Promise((resolve) => { release = resolve; });
    await page.route('**/api/v1/session', async (route) => {
      if (route.request().method() === 'POST') await bounded(held, STEP_TIMEOUT_MS, 'the held sign-in').catch(() => {});
      await route.continue().catch(() => {});
    });
    try {
      await page.goto(base + '/#/connexion');
      await onScreen(page, '#/connexion', 'mot-de-passe');
      await fillNode(page, 'identifiant', 'e.dupont01');
      await fillNode(page, 'mot-de-passe', 'PasLeBon2026!');
      await page.locator(await inputSelector(page, 'mot-de-passe')).press('Enter');
      const busy = await waitForWidget(page, 'se-connecter', (w) => w.busy, '"Se connecter" busy');
      assert.equal(busy.enabled, false, 'a busy button cannot be pressed');
      const cdp = await axSession(page);
      const result = await checkSemantics(page, cdp);
      const button = page.locator(nodeSelector('se-connecter'));
      const attributes = await button.evaluate((b) => ({
        ariaBusy: b.getAttribute('aria-busy'), ariaDisabled: b.getAttribute('aria-disabled'),
        disabled: b.hasAttribute('disabled'), tabIndex: b.tabIndex,
      }));
      await cdp.detach().catch(() => {});
      release();
      assert.deepEqual(result.failures, [], 'the tree agrees with the bridge while busy');
      assert.deepEqual(attributes, { ariaBusy: 'true', ariaDisabled: 'true', disabled: false, tabIndex: 0 });
      await waitForWidget(page, 'se-connecter', (w) => !w.busy, 'the answer, "Se connecter" no longer busy');
    } finally {
      release();
      await context.close();
    }
  });

  test('Accessibility: Méthode B with the keyboard only, from #/profil to "Mon compte"; the DOM\'s focus and ' +
       'the drawn ring agree', async ({ browser }) => {
    const base = await demoServer();
    const { context, page, errors } = await openPage(browser, base, DESKTOP);
    try {
      await page.goto(base + '/');
      await onScreen(page, '#/profil', 'profil.parent');
      await expectTitleFocus(page, '#/profil');
      // Tab enters the profiles' group at its first radio; the arrows move and check.
      await tab(page, 'profil.eleve');
      await page.keyboard.press('ArrowDown');
      await expectFocus(page, 'profil.parent');
      await waitForWidget(page, 'profil.parent', (w) => w.checked, 'ArrowDown to check "Représentant légal (parents)"');
      await tab(page, 'niveau.ecole');
      await page.keyboard.press('ArrowRight');
      await expectFocus(page, 'niveau.college_lycee');
      await waitForWidget(page, 'niveau.college_lycee', (w) => w.checked, 'ArrowRight to check "Collège / Lycée"');
      await tab(page, 'se-connecter');
      assert.equal(widget(await bridgeState(page), 'se-connecter').enabled, true);
      await page.keyboard.press('Enter');

      await onScreen(page, '#/educonnect', 'educonnect.responsable');
      await expectTitleFocus(page, '#/educonnect');
      await tab(page, 'educonnect.responsable');
      await page.keyboard.press('Space');

      await onScreen(page, '#/connexion', 'sans-compte');
      await expectTitleFocus(page, '#/connexion');
      await tab(page, 'sans-compte');
      await page.keyboard.press('Enter');

      // "Je confirme mon identité": the fields one Tab apart, Shift+Tab goes back, Enter submits.
      await onScreen(page, '#/activation/identite', 'nom');
      await expectTitleFocus(page, '#/activation/identite');
      await tab(page, 'nom');
      await page.keyboard.type('Dupont', { delay: 10 });
      await page.keyboard.press('Tab');
      await expectFocus(page, 'prenom');
      await page.keyboard.type('Émilie', { delay: 10 });
      // Between the first name and the mobile, "Indicatif du pays": one stop, at its checked radio (+33).
      await page.keyboard.press('Tab');
      await expectFocus(page, 'indicatif.33');
      await page.keyboard.press('Tab');
      await expectFocus(page, 'telephone');
      await page.keyboard.type('06 12 34 56 78', { delay: 10 });
      await page.keyboard.press('Shift+Tab');
      await expectFocus(page, 'indicatif.33');
      await page.keyboard.press('Shift+Tab');
      await expectFocus(page, 'prenom');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await expectFocus(page, 'telephone');
      const identity = await bridgeState(page);
      assert.deepEqual(['nom', 'prenom', 'telephone'].map((id) => widget(identity, id).value),
                       ['Dupont', 'Émilie', '06 12 34 56 78'], 'what was typed reached the app');
      await page.keyboard.press('Enter');

      // The code: a wrong one first (the focus comes back to the field), then the SMS's.
      await onScreen(page, '#/activation/code', 'code');
      await expectTitleFocus(page, '#/activation/code');
      await tab(page, 'code');
      await page.keyboard.type('000000', { delay: 10 });
      await page.keyboard.press('Enter');
      await waitForFieldError(page, 'code', 'the wrong code refused');
      await expectFocus(page, 'code');
      await typeKeys(page, await newCode(base, DUPONT_PHONE, 0));
      await page.keyboard.press('Enter');

      // The children: Space answers, the date field follows the radios.
      await onScreen(page, '#/activation/enfants', 'enfant.1.oui');
      await expectTitleFocus(page, '#/activation/enfants');
      await tab(page, 'enfant.0.oui');
      await page.keyboard.press('Space');
      await waitForWidget(page, 'enfant.0.naissance', () => true, 'Albert\'s birth date field');
      await expectFocus(page, 'enfant.0.oui');
      await tab(page, 'enfant.0.naissance');
      await page.keyboard.type('14 03 2012', { delay: 10 });
      await tab(page, 'enfant.1.oui');
      await page.keyboard.press('Space');
      await waitForWidget(page, 'enfant.1.naissance', () => true, 'Jeanne\'s birth date field');
      await tab(page, 'enfant.1.naissance');
      await page.keyboard.type('02 09 2017', { delay: 10 });
      await tab(page, 'confirmer');
      await page.keyboard.press('Enter');

      await onScreen(page, '#/activation/mot-de-passe', 'nouveau-mot-de-passe');
      await expectTitleFocus(page, '#/activation/mot-de-passe');
      await tab(page, 'nouveau-mot-de-passe');
      await page.keyboard.type(PASSWORD, { delay: 10 });
      await tab(page, 'confirmation');
      await page.keyboard.type(PASSWORD, { delay: 10 });
      await page.keyboard.press('Enter');

      const created = await onScreen(page, '#/activation/identifiant', 'acceder-compte');
      await expectTitleFocus(page, '#/activation/identifiant');
      assert.match(widget(created, 'identifiant').label, /^e\.dupont\d{2}$/);
      await tab(page, 'acceder-compte');
      await page.keyboard.press('Enter');

      const account = await onScreen(page, '#/compte', 'compte.enfant.1.nom');
      await expectTitleFocus(page, '#/compte');
      assert.equal(widget(account, 'compte.nom').label, 'Emilie DUPONT');
      assert.equal(widget(account, 'compte.enfant.0.nom').label, 'Albert DUPONT');
      assert.equal(widget(account, 'compte.enfant.1.nom').label, 'Jeanne DUPONT');
      assert.deepEqual(pageErrors(errors), [], 'no error in the page');
    } finally {
      await context.close();
    }
  });

  test('Accessibility: Méthode B through roles and labels only (fill, DOM click, Enter), as a screen reader drives it',
       async ({ browser }) => {
    const base = await demoServer();
    const { context, page, errors } = await openPage(browser, base, DESKTOP);
    try {
      await page.goto(base + '/');
      const parent = byRole(page, 'radio', 'Représentant légal (parents)');
      await parent.waitFor({ state: 'attached' });
      assert.equal(await title(page), 'Veuillez renseigner quelques informations pour accéder à votre page d\'authentification');
      const profiles = byRole(page, 'group', '1. Sélectionner votre profil');
      assert.equal(await profiles.getByRole('radio').count(), 5, 'the five profiles in their group');
      await parent.dispatchEvent('click');
      await waitForChecked(parent, '"Représentant légal (parents)"');
      const level = byRole(page, 'radio', 'Collège / Lycée');
      await level.dispatchEvent('click');
      await waitForChecked(level, '"Collège / Lycée"');
      await byRole(page, 'button', 'Se connecter').press('Enter');

      await waitForHash(page, '#/educonnect');
      await byRole(page, 'radio', 'Responsable d\'élève').dispatchEvent('click');

      await waitForHash(page, '#/connexion');
      await byRole(page, 'button', 'Je n\'ai pas de compte').dispatchEvent('click');

      await waitForHash(page, '#/activation/identite');
      await page.getByLabel('Nom', { exact: true }).fill('Dupont');
      await page.getByLabel('Prénom', { exact: true }).fill('Emilie');
      await byRole(page, 'textbox', 'N° de téléphone portable').fill('06 12 34 56 78');
      await byRole(page, 'button', 'Suivant').dispatchEvent('click');

      await waitForHash(page, '#/activation/code');
      const code = byRole(page, 'textbox', 'Code de sécurité');
      await code.fill(await newCode(base, DUPONT_PHONE, 0));
      await byRole(page, 'button', 'Valider').press('Enter');

      await waitForHash(page, '#/activation/enfants');
      // One fieldset per child, named by the child: the same radio's name is told apart by its group.
      for (const [child, date] of [['Albert DUPONT', '14 03 2012'], ['Jeanne DUPONT', '02 09 2017']]) {
        const group = byRole(page, 'group', child);
        await group.waitFor({ state: 'attached' });
        const yes = byRole(group, 'radio', 'Je suis le représentant légal de cet élève');
        await yes.dispatchEvent('click');
        await waitForChecked(yes, `"Je suis le représentant légal" of ${child}`);
        const birth = byRole(group, 'textbox', 'Né(e) le');
        await birth.waitFor({ state: 'attached' });
        await birth.fill(date);
      }
      await byRole(page, 'button', 'Confirmer').dispatchEvent('click');

      await waitForHash(page, '#/activation/mot-de-passe');
      await page.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
      await page.getByLabel('Confirmation du mot de passe', { exact: true }).fill(PASSWORD);
      await byRole(page, 'button', 'Suivant').press('Enter');

      await waitForHash(page, '#/activation/identifiant');
      assert.equal(await title(page), 'Votre compte est créé');
      const identifier = norm(await page.getByRole('heading', { name: /^e\.dupont\d{2}$/ }).textContent());
      await byRole(page, 'button', 'Accéder à mon compte').dispatchEvent('click');

      await waitForHash(page, '#/compte');
      await byRole(page, 'heading', 'Mon compte ÉduConnect', { level: 1 }).waitFor({ state: 'attached' });
      await page.getByText(`Identifiant : ${identifier}`, { exact: true }).waitFor({ state: 'attached' });
      await page.getByText('Albert DUPONT', { exact: true }).waitFor({ state: 'attached' });
      await page.getByText('Jeanne DUPONT', { exact: true }).waitFor({ state: 'attached' });
      assert.equal((await bridgeState(page)).route, '#/compte');
      assert.deepEqual(pageErrors(errors), [], 'no error in the page');
    } finally {
      await context.close();
    }
  });

  test('Accessibility: a password manager fills #/connexion and Enter signs in; the fields\' autocomplete tokens',
       async ({ browser }) => {
    const base = await demoServer();
    const { context, page, errors } = await openPage(browser, base, DESKTOP);
    // The <input> of a node: its type, autocomplete and inputmode.
    const attributes = async (id) => page.locator(await inputSelector(page, id)).evaluate((input) => ({
      type: input.type, autocomplete: input.getAttribute('autocomplete'), inputmode: input.getAttribute('inputmode'),
    }));
    const expectTokens = async (route, expected) => {
      for (const [id, tokens] of Object.entries(expected)) {
        const seen = await attributes(id);
        for (const [key, value] of Object.entries(tokens)) {
          assert.equal(seen[key], value, `${route} ${id}: ${key}="${value}" (seen ${JSON.stringify(seen)})`);
        }
      }
    };
    try {
      // Another family's Méthode B as far as the password: the activation's fields.
      await page.goto(base + '/#/activation/identite');
      await onScreen(page, '#/activation/identite', 'nom');
      await expectTokens('#/activation/identite', {
        nom: { autocomplete: 'family-name' }, prenom: { autocomplete: 'given-name' },
        telephone: { autocomplete: 'tel' },
      });
      await fillNode(page, 'nom', 'MARTIN');
      await fillNode(page, 'prenom', 'Paul');
      await fillNode(page, 'telephone', '06 23 45 67 89');
      await activate(page, 'suivant');
      await onScreen(page, '#/activation/code', 'code');
      await expectTokens('#/activation/code', { code: { autocomplete: 'one-time-code', inputmode: 'numeric' } });
      await fillNode(page, 'code', await newCode(base, '+33623456789', 0));
      await activate(page, 'valider');
      await onScreen(page, '#/activation/enfants', 'enfant.0.oui');
      await activate(page, 'enfant.0.oui');
      await waitForBridge(page, 'Lucas\'s birth date field', (s) => widget(s, 'enfant.0.naissance'));
      await fillNode(page, 'enfant.0.naissance', '21 06 2013');
      await activate(page, 'confirmer');
      await onScreen(page, '#/activation/mot-de-passe', 'nouveau-mot-de-passe');
      await expectTokens('#/activation/mot-de-passe', {
        'nouveau-mot-de-passe': { type: 'password', autocomplete: 'new-password' },
        confirmation: { type: 'password', autocomplete: 'new-password' },
      });

      // The Duponts' account, made over the API; the manager fills the sign-in form.
      const identifier = await createDemoAccount(base);
      await page.goto(base + '/#/connexion');
      await onScreen(page, '#/connexion', 'mot-de-passe');
      await expectTokens('#/connexion', {
        identifiant: { autocomplete: 'username' },
        'mot-de-passe': { type: 'password', autocomplete: 'current-password' },
      });
      const login = await inputSelector(page, 'identifiant');
      const secret = await inputSelector(page, 'mot-de-passe');
      await page.evaluate(([fields, values]) => {
        fields.forEach((selector, i) => {
          const input = document.querySelector(selector);
          input.value = values[i];
          input.dispatchEvent(new Event('input', { bubbles: true }));
          input.dispatchEvent(new Event('change', { bubbles: true }));
        });
      }, [[login, secret], [identifier, PASSWORD]]);
      await page.locator(secret).press('Enter');
      await onScreen(page, '#/compte', 'compte.nom', 'signed in: "Mon compte"');
      assert.equal(widget(await bridgeState(page), 'compte.identifiant').label, `Identifiant : ${identifier}`);

      // "Mon compte": the password change and the mobile.
      await activate(page, 'compte.mot-de-passe.modifier');
      await onScreen(page, '#/compte/mot-de-passe', 'mot-de-passe-actuel');
      await expectTokens('#/compte/mot-de-passe', {
        'mot-de-passe-actuel': { type: 'password', autocomplete: 'current-password' },
        'nouveau-mot-de-passe': { type: 'password', autocomplete: 'new-password' },
        confirmation: { type: 'password', autocomplete: 'new-password' },
      });
      await activate(page, 'retour');
      await onScreen(page, '#/compte', 'compte.telephone.modifier');
      await activate(page, 'compte.telephone.modifier');
      await onScreen(page, '#/compte/telephone', 'telephone');
      await expectTokens('#/compte/telephone', { telephone: { autocomplete: 'tel' } });
      await activate(page, 'retour');
      await onScreen(page, '#/compte', 'se-deconnecter');
      await activate(page, 'se-deconnecter');

      // "Mot de passe oublié ?": the code and the new password.
      await onScreen(page, '#/connexion', 'mot-de-passe-oublie');
      await activate(page, 'mot-de-passe-oublie');
      await onScreen(page, '#/mot-de-passe-oublie', 'identifiant');
      await fillNode(page, 'identifiant', identifier);
      const before = (await outbox(base, DUPONT_PHONE)).length;
      await activate(page, 'suivant');
      await onScreen(page, '#/mot-de-passe-oublie/code', 'code');
      await expectTokens('#/mot-de-passe-oublie/code', { code: { autocomplete: 'one-time-code', inputmode: 'numeric' } });
      await fillNode(page, 'code', await newCode(base, DUPONT_PHONE, before));
      await activate(page, 'valider');
      await onScreen(page, '#/mot-de-passe-oublie/nouveau', 'nouveau-mot-de-passe');
      await expectTokens('#/mot-de-passe-oublie/nouveau', {
        'nouveau-mot-de-passe': { type: 'password', autocomplete: 'new-password' },
        confirmation: { type: 'password', autocomplete: 'new-password' },
      });
      assert.deepEqual(pageErrors(errors), [], 'no error in the page');
    } finally {
      await context.close();
    }
  });

  test('Accessibility: a refused submit moves the focus to the first field in error, described by its error ' +
       'and announced', async ({ browser }) => {
    const base = await demoServer();
    const { context, page, errors } = await openPage(browser, base, DESKTOP);
    // After the refusal of `what`: the focus, aria-invalid, aria-describedby and
    // #sesame-annonces, for `id`. Each case's problems are collected, all said at the end.
    const problems = [];
    const expectRefusal = async (what, id, valid = []) => {
      const fail = (message) => problems.push(`${what}: ${message}`);
      const state = await waitForFieldError(page, id);
      const error = norm(errorOf(state, id));
      assert.ok(error, `the bridge tells ${id}'s error`);
      const deadline = Date.now() + 5000;
      let f = await focused(page);
      while ((!f || f.node !== id) && Date.now() < deadline) {
        await page.waitForTimeout(50);
        f = await focused(page);
      }
      if (!f || f.node !== id) fail(`the focus did not move to ${id}, the first field in error (it stayed on ${describeFocus(f)})`);
      else if (f.tag !== 'INPUT') fail(`the focus is on ${id}'s <${f.tag.toLowerCase()}>, not its <input>`);
      const seen = await page.locator(await inputSelector(page, id)).evaluate((input) => {
        const refs = (input.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
        return {
          invalid: input.getAttribute('aria-invalid'),
          refs,
          described: refs.map((ref) => { const e = document.getElementById(ref); return e ? e.textContent : null; }),
        };
      });
      if (seen.invalid !== 'true') fail(`${id} has aria-invalid="${seen.invalid}", expected "true"`);
      if (seen.described.includes(null)) fail(`an id of ${id}'s aria-describedby (${seen.refs.join(' ')}) names no element`);
      const described = norm(seen.described.filter(Boolean).join(' '));
      if (!described.includes(error)) {
        fail(`${id}'s aria-describedby (${seen.refs.join(' ') || 'none'}) gives "${described}", not its error "${error}"`);
      }
      for (const other of valid) {
        const invalid = await page.locator(await inputSelector(page, other)).getAttribute('aria-invalid');
        if (invalid !== 'false') fail(`${other}, no longer in error, has aria-invalid="${invalid}"`);
      }
      const live = page.locator('#sesame-annonces');
      const politeness = await live.getAttribute('aria-live');
      if (politeness !== 'assertive') fail(`#sesame-annonces has aria-live="${politeness}", expected "assertive"`);
      const said = await page.waitForFunction((text) => {
        const region = document.getElementById('sesame-annonces');
        return region && region.textContent.replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ').includes(text);
      }, error, { timeout: 5000 }).then(() => true, () => false);
      if (!said) fail(`#sesame-annonces does not say "${error}"; it says "${norm(await live.textContent())}"`);
    };
    try {
      await page.goto(base + '/#/activation/identite');
      await onScreen(page, '#/activation/identite', 'nom');
      // Nothing typed: the three fields in error, the focus on the first.
      await activate(page, 'suivant');
      await expectRefusal('nothing typed', 'nom');
      // The name typed: the first field in error is now the first name (in error already:
      // the refusal still moves the focus there and says why).
      await fillNode(page, 'nom', 'Dupont');
      await activate(page, 'suivant');
      await waitForBridge(page, 'nom accepted', (s) => !(widget(s, 'nom') || {}).invalid && !errorOf(s, 'nom'));
      await expectRefusal('only the name typed', 'prenom', ['nom']);
      // A wrong code, refused by the server.
      await fillNode(page, 'prenom', 'Emilie');
      await fillNode(page, 'telephone', '06 12 34 56 78');
      await activate(page, 'suivant');
      await onScreen(page, '#/activation/code', 'code');
      await fillNode(page, 'code', '000000');
      await activate(page, 'valider');
      await expectRefusal('a wrong code', 'code');
      assert.match(errorOf(await bridgeState(page), 'code'), /Il vous reste 4 essais\./);
      // Wrong again: the same field in error, a new message, said again.
      await fillNode(page, 'code', '000001');
      await activate(page, 'valider');
      await waitForBridge(page, 'the second wrong code refused', (s) => /Il vous reste 3 essais\./.test(errorOf(s, 'code')));
      await expectRefusal('a second wrong code', 'code');
      if (problems.length) console.log(`  refusals:\n    ${problems.join('\n    ')}`);
      assert.deepEqual(problems, [], 'each refusal moves the focus, describes and announces the error');
      assert.deepEqual(pageErrors(errors), [], 'no error in the page');
    } finally {
      await context.close();
    }
  });

  test('Accessibility: 320 CSS px wide, every screen: no horizontal scroll, every node within the width',
       async ({ browser }) => {
    assertReflow(await walk(browser, NARROW, '320 px', { reflow: true }), '320×640');
  });

  test('Accessibility: 200 % zoom of a 1280×800 window (640×400 CSS px at 2×), every screen: no horizontal ' +
       'scroll, every node within the width', async ({ browser }) => {
    assertReflow(await walk(browser, ZOOM_200, '200 %', { reflow: true }), '200 %');
  });
}
