// The guide's Méthode B ("Je n'ai pas de compte") in Chromium, as parents live it:
// the Dupont family on a desktop and on a phone with touch, the mistakes parents
// make on the way (wrong code, wrong birth date, a password missing a rule), names
// typed with accents, a pasted phone number, then "Mon compte" and its services.
// Each journey gets its own server: accounts created here do not share an SMS budget.
import assert from 'node:assert/strict';

import {
  bridgeState, createDemoAccount, demoServer, newCode, openPage, outbox, press, pressWidget, screenshot, scrollIntoView,
  typeInto, waitForBridge, waitForWidget, widget,
} from './support.mjs';

const DUPONT_PHONE = '+33612345678';
const PASSWORD = 'Ecole2026μ!';  // μ is one of the guide's special characters

// One password per rule of the guide, each failing that rule only.
const FAILING_PASSWORDS = [
  ['uppercase', 'ecole2026μ!'],
  ['lowercase', 'ECOLE2026!'],
  ['digit', 'Ecoleμ!abc'],
  ['special', 'Ecole2026abc'],
  ['min_length', 'Ec2μ!'],
];

const errorsBut = (errors, allowed) => errors.filter((e) => !allowed.test(e));

// What the focused field (the mirror's real <input>) tells the browser: the phone's
// keyboard (type, inputmode), autofill (autocomplete), and which field it is.
async function focusedField(page) {
  return page.evaluate(() => {
    const input = document.activeElement;
    if (!input || input.tagName !== 'INPUT') return null;
    return { node: input.dataset.node, type: input.type, inputmode: input.getAttribute('inputmode'),
             autocomplete: input.getAttribute('autocomplete') };
  });
}

// The first screens: profile and level, "Se connecter", "Responsable d'élève".
async function toSignIn(page, base, { touch, shot }) {
  await page.goto(base + '/');
  await waitForWidget(page, 'profil.parent', (w, s) => s.route === '#/profil', 'the first screen');
  await pressWidget(page, 'profil.parent', { touch });
  await waitForWidget(page, 'profil.parent', (w) => w.checked, 'the parents\' profile picked');
  await pressWidget(page, 'niveau.college_lycee', { touch });
  await waitForWidget(page, 'niveau.college_lycee', (w) => w.checked, 'Collège / Lycée picked');
  await shot('01-profil');
  await pressWidget(page, 'se-connecter', { touch });
  await waitForWidget(page, 'educonnect.responsable', (w, s) => s.route === '#/educonnect', '"Je sélectionne mon profil"');
  await shot('02-educonnect');
  await pressWidget(page, 'educonnect.responsable', { touch });
  await waitForBridge(page, 'the sign-in screen', (s) => s.route === '#/connexion' && widget(s, 'sans-compte'));
  await shot('03-connexion');
}

// Taps or clicks the field, then pastes `text` into it, as a paste inserts it: at once,
// with one input event and no key (the keyboard menu's "Coller" on a phone, Ctrl+V).
async function pasteInto(page, id, text, { touch }) {
  const field = await scrollIntoView(page, id, { touch });
  await press(page, field, { touch });
  await page.waitForFunction((node) => document.activeElement && document.activeElement.dataset.node === node, id);
  await page.keyboard.insertText(text);
}

// The five rules' lines as the page shows them: {uppercase: true, …} for ✓.
function rulesShown(state) {
  const rules = state.widgets.filter((w) => w.id.startsWith('regle.'));
  return Object.fromEntries(rules.map((w) => [w.id.slice('regle.'.length), w.label.startsWith('✓')]));
}

// Waits for the rules' lines to tick as `expected` says and the strength to read `strength`.
async function waitForRules(page, what, expected, strength) {
  await waitForBridge(page, what, (s) => {
    const shown = rulesShown(s);
    const force = widget(s, 'force');
    return Object.keys(shown).length === 5 && Object.entries(expected).every(([code, met]) => shown[code] === met) &&
      force && force.label === `Force du mot de passe : ${strength}`;
  });
}

async function signIn(page, identifier, password, { touch }) {
  await waitForBridge(page, 'the sign-in screen', (s) => s.route === '#/connexion' && widget(s, 'identifiant'));
  await typeInto(page, 'identifiant', identifier, { touch });
  await typeInto(page, 'mot-de-passe', password, { touch });
  await pressWidget(page, 'se-connecter', { touch });
  await waitForBridge(page, '"Mon compte"', (s) => s.route === '#/compte' && widget(s, 'compte.enfant.1.nom'));
}

// Méthode B from the first screen to a second sign-in, with the mistakes on the way.
async function methodB({ browser, touch, viewport, name }) {
  const base = await demoServer();
  // 2× on the phone: the 3× canvas is checked on the first screen, and swiftshader draws 3× slowly.
  const options = touch ? { viewport, deviceScaleFactor: 2, isMobile: true, hasTouch: true } : { viewport };
  const { context, page, errors } = await openPage(browser, base, options);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const shot = (step) => screenshot(page, `methode-b-${name}-${step}.png`, { touch });
  try {
    await toSignIn(page, base, { touch, shot });
    await pressWidget(page, 'sans-compte', { touch });

    // "Je confirme mon identité": names as parents type them, the mobile pasted.
    await waitForBridge(page, 'the identity screen', (s) => s.route === '#/activation/identite' && widget(s, 'nom'));
    assert.match(widget(await bridgeState(page), 'etape').label, /^Étape 1 sur 4$/);
    await typeInto(page, 'nom', 'Dupont', { touch });
    await typeInto(page, 'prenom', 'Émilie', { touch });
    await pasteInto(page, 'telephone', '06 12 34 56 78', { touch });
    assert.deepEqual(await focusedField(page), { node: 'telephone', type: 'tel', inputmode: 'tel', autocomplete: 'tel' });
    await shot('04-identite');
    await pressWidget(page, 'suivant', { touch });

    // "Un code de sécurité a été envoyé": the masked number, a wrong code, the right one.
    await waitForBridge(page, 'the code screen', (s) => s.route === '#/activation/code' && widget(s, 'code'));
    let state = await bridgeState(page);
    assert.match(widget(state, 'alerte.code-envoye').label, /\+33 6 \*\* \*\* \*\* 78\. Ce code est valable 30 minutes\./);
    assert.equal(widget(state, 'renvoyer').enabled, false, '"Renvoyer le SMS" waits for its interval');
    assert.match(widget(state, 'aide.renvoi').label, /^Vous pourrez demander un nouveau SMS dans (1 min 00 s|5\d secondes)\.$/);
    const sent = (await outbox(base, DUPONT_PHONE)).length;
    assert.equal(sent, 1, 'one SMS: the pasted number matched the school\'s');
    await typeInto(page, 'code', '000000', { touch });
    assert.deepEqual(await focusedField(page),
                     { node: 'code', type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code' });
    await pressWidget(page, 'valider', { touch });
    const refused = await waitForWidget(page, 'code.erreur', () => true, 'the wrong code refused');
    assert.match(refused.label, /Il vous reste 4 essais\./);
    await shot('05-code-faux');
    await typeInto(page, 'code', await newCode(base, DUPONT_PHONE, 0), { touch });
    await pressWidget(page, 'valider', { touch });

    // The children: Albert's date mistyped first, then both confirmed.
    await waitForBridge(page, 'the children screen', (s) => s.route === '#/activation/enfants' && widget(s, 'enfant.1.oui'));
    state = await bridgeState(page);
    assert.equal(widget(state, 'enfant.0.nom').label, 'Albert DUPONT');
    assert.equal(widget(state, 'enfant.0.ecole').label, 'CLG LES COURTILS, MONTMARTIN-SUR-MER (UAI\u00A00500048F)');
    assert.equal(widget(state, 'enfant.1.nom').label, 'Jeanne DUPONT');
    assert.equal(widget(state, 'enfant.1.ecole').label, 'E.P.U JOSEPHINE BAKER, MONTMARTIN-SUR-MER (UAI\u00A00501271K)');
    await pressWidget(page, 'enfant.0.oui', { touch });
    await waitForWidget(page, 'enfant.0.naissance', () => true, 'Albert\'s birth date field');
    await typeInto(page, 'enfant.0.naissance', '15 03 2012', { touch });
    await pressWidget(page, 'enfant.1.oui', { touch });
    await waitForWidget(page, 'enfant.1.naissance', () => true, 'Jeanne\'s birth date field');
    await typeInto(page, 'enfant.1.naissance', '02 09 2017', { touch });
    await shot('06-enfants');
    await pressWidget(page, 'confirmer', { touch });
    const mismatch = await waitForWidget(page, 'enfant.0.naissance.erreur', () => true, 'Albert\'s date refused');
    assert.match(mismatch.label, /Il vous reste 2 essais\./);
    await waitForWidget(page, 'enfant.1.confirme', () => true, 'Jeanne confirmed meanwhile');
    await shot('07-enfants-date-fausse');
    await typeInto(page, 'enfant.0.naissance', '14 03 2012', { touch });
    await pressWidget(page, 'confirmer', { touch });

    // "Je choisis mon nouveau mot de passe": each rule's line fails on its own, then all tick.
    await waitForBridge(page, 'the password screen',
                        (s) => s.route === '#/activation/mot-de-passe' && widget(s, 'nouveau-mot-de-passe'));
    for (const [rule, password] of FAILING_PASSWORDS) {
      await typeInto(page, 'nouveau-mot-de-passe', password, { touch });
      // A secret: the phone's keyboard must not learn it; the password manager may offer one.
      assert.deepEqual(await focusedField(page),
                       { node: 'nouveau-mot-de-passe', type: 'password', inputmode: 'text', autocomplete: 'new-password' });
      const expected = Object.fromEntries(FAILING_PASSWORDS.map(([code]) => [code, code !== rule]));
      await waitForRules(page, `"${password}": only the line ${rule} failing`, expected, 'Faible');
    }
    await typeInto(page, 'confirmation', 'Ec2μ!', { touch });
    await pressWidget(page, 'suivant', { touch });
    const policy = await waitForWidget(page, 'nouveau-mot-de-passe.erreur', () => true, 'the short password refused');
    assert.match(policy.label, /8 caractères/);
    await shot('08-mot-de-passe-refuse');
    await typeInto(page, 'nouveau-mot-de-passe', PASSWORD, { touch });
    await typeInto(page, 'confirmation', PASSWORD, { touch });
    const allMet = Object.fromEntries(FAILING_PASSWORDS.map(([code]) => [code, true]));
    await waitForRules(page, 'the five rules met', allMet, 'Fort');
    await shot('09-mot-de-passe');
    await pressWidget(page, 'suivant', { touch });

    // The identifier, to keep preciously, then "Mon compte" with both children.
    const identifier = (await waitForWidget(page, 'identifiant', (w, s) => s.route === '#/activation/identifiant')).label;
    assert.match(identifier, /^e\.dupont\d{2}$/);
    assert.ok((await bridgeState(page)).widgets.some((w) => /Ces informations doivent être conservées précieusement/.test(w.label)));
    await shot('10-identifiant');
    if (!touch) {
      // "Copier l'identifiant" reaches the system clipboard.
      await pressWidget(page, 'copier');
      let copied = '';
      for (let i = 0; i < 50 && copied !== identifier; i++) {
        await page.waitForTimeout(100);
        copied = await page.evaluate(() => navigator.clipboard.readText());
      }
      assert.equal(copied, identifier, 'the identifier is in the clipboard');
    }
    await pressWidget(page, 'acceder-compte', { touch });
    await waitForBridge(page, '"Mon compte"', (s) => s.route === '#/compte' && widget(s, 'compte.enfant.1.nom'));
    state = await bridgeState(page);
    assert.equal(widget(state, 'compte.nom').label, 'Emilie DUPONT');
    assert.equal(widget(state, 'compte.enfant.0.nom').label, 'Albert DUPONT');
    assert.equal(widget(state, 'compte.enfant.1.nom').label, 'Jeanne DUPONT');
    await shot('11-compte');

    // Sign out, then in again with the identifier just revealed.
    await pressWidget(page, 'se-deconnecter', { touch });
    await signIn(page, identifier, PASSWORD, { touch });
    await shot('12-compte-reconnecte');
    // The wrong code's and date's 400s and the signed-out page's 401 are answers the test asked for.
    assert.deepEqual(errorsBut(errors, /status of 40[01]/), [], 'no error in the page');
    return { base, identifier };
  } finally {
    await context.close();
  }
}

export function registerJourneys(test) {
  test('Méthode B on a desktop: profile → identity (pasted mobile) → wrong then right code → a wrong birth date ' +
       '→ each password rule failing → identifier → "Mon compte" → sign out → sign in',
       ({ browser }) => methodB({ browser, touch: false, viewport: { width: 1280, height: 900 }, name: 'bureau' }));

  test('Méthode B on a phone 390×844 with touch, the mobile pasted from the keyboard\'s menu',
       ({ browser }) => methodB({ browser, touch: true, viewport: { width: 390, height: 844 }, name: 'telephone' }));

  test('"Zoé D’Angelo" typed with her accent and typographic apostrophe is recognised', async ({ browser }) => {
    const base = await demoServer();
    const { context, page, errors } = await openPage(browser, base, { viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(base + '/#/activation/identite');
      await waitForWidget(page, 'nom', (w, s) => s.route === '#/activation/identite', 'the identity screen');
      await typeInto(page, 'nom', 'D’Angelo');
      await typeInto(page, 'prenom', 'Zoé');
      await typeInto(page, 'telephone', '07 81 23 45 67');
      await screenshot(page, 'identite-zoe-d-angelo.png');
      await pressWidget(page, 'suivant');
      await waitForBridge(page, 'the code screen', (s) => s.route === '#/activation/code' && widget(s, 'code'));
      // The answer is the same for anyone: only the SMS tells that the school knows her.
      await typeInto(page, 'code', await newCode(base, '+33781234567', 0));
      await pressWidget(page, 'valider');
      const child = await waitForWidget(page, 'enfant.0.nom', (w, s) => s.route === '#/activation/enfants');
      assert.equal(child.label, 'Enzo D’ANGELO');
      assert.deepEqual(errors, [], 'no error in the page');
    } finally {
      await context.close();
    }
  });

  test('"Accéder à mes services": each child\'s school with its services, one opened', async ({ browser }) => {
    const base = await demoServer();
    const { context, page, errors } = await openPage(browser, base, { viewport: { width: 1280, height: 900 } });
    try {
      await page.route('https://ent.exemple.fr/**', (route) =>
        route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<title>ENT</title>' }));
      const identifier = await createDemoAccount(base, PASSWORD);
      await page.goto(base + '/#/connexion');
      await signIn(page, identifier, PASSWORD, { touch: false });
      await pressWidget(page, 'services');
      await waitForWidget(page, 'services.1.service.0', (w, s) => s.route === '#/compte/services', 'the services');
      const state = await bridgeState(page);
      assert.equal(widget(state, 'titre').label, 'Accéder à mes services');
      assert.equal(widget(state, 'services.0.ecole').label, 'CLG LES COURTILS');
      assert.equal(widget(state, 'services.0.eleves').label, 'Pour : Albert DUPONT');
      assert.equal(widget(state, 'services.0.service.0').label, 'Cahier de textes');
      assert.equal(widget(state, 'services.1.ecole').label, 'E.P.U JOSEPHINE BAKER');
      assert.equal(widget(state, 'services.1.service.0').label, 'Cahier de liaison');
      await screenshot(page, 'services-bureau.png');
      // A reload keeps the page.
      await page.reload();
      await waitForWidget(page, 'services.1.service.1', (w, s) => s.route === '#/compte/services', 'the services again');
      await pressWidget(page, 'services.1.service.1');
      await page.waitForURL('https://ent.exemple.fr/0501271K/cantine', { timeout: 15_000 });
      assert.deepEqual(errors, [], 'no error in the page');
    } finally {
      await context.close();
    }
  });
}
