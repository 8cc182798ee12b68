// The "Élève" way in Chromium: Albert DUPONT signs in with the temporary password
// of his letter (sesame-admin letters, read back with pdftotext), confirms his
// birth date, chooses a password and reaches his "Mon compte" — on a desktop and
// on a phone; then his mother gives him a new temporary password from her
// "Mon compte" and he signs in with it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
  admin, bridgeState, cleanups, createDemoAccount, demoServices, openPage, pressWidget, screenshot, startServer,
  typeInto, waitForBridge, waitForWidget, widget,
} from './support.mjs';

const ALBERT_PASSWORD = 'Cartable!Rouge2026';
const EMILIE_PASSWORD = 'Ecole2026μ!';

// The demo data, Albert's letter printed, a server on it: answers the server and the letter's credentials.
async function demoWithLetter() {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'sesame-e2e-pupil-'));
  cleanups.push(() => fs.rmSync(temp, { recursive: true, force: true }));
  const db = path.join(temp, 'sesame.db');
  execFileSync(admin, ['demo', '--db', db], { stdio: 'pipe', timeout: 30_000 });
  const pdf = path.join(temp, 'lettres.pdf');
  execFileSync(admin, ['letters', '--db', db, '--uai', '0500048F', '--class', '4e B', '--out', pdf],
               { stdio: 'pipe', timeout: 60_000 });
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
  const identifier = text.match(/Identifiant\s*:\s*(a\.dupont\d{2,3})/);
  const password = text.match(/Mot de passe provisoire\s*:\s*([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})/);
  assert.ok(identifier && password, `the letter gives Albert's identifier and temporary password:\n${text}`);
  const { base } = await startServer(db, ['--services', demoServices]);
  return { base, identifier: identifier[1], password: password[1] };
}

// From the first screen to the pupils' sign-in.
async function toPupilSignIn(page, base, touch) {
  await page.goto(base + '/');
  await waitForWidget(page, 'profil.eleve', (w, s) => s.route === '#/profil', 'the first screen');
  await pressWidget(page, 'profil.eleve', { touch });
  await waitForWidget(page, 'profil.eleve', (w) => w.checked);
  await pressWidget(page, 'niveau.college_lycee', { touch });
  await waitForWidget(page, 'niveau.college_lycee', (w) => w.checked);
  await pressWidget(page, 'se-connecter', { touch });
  await waitForWidget(page, 'educonnect.eleve', (w, s) => s.route === '#/educonnect');
  await pressWidget(page, 'educonnect.eleve', { touch });
  await waitForWidget(page, 'identifiant', (w, s) => s.route === '#/eleve/connexion', 'the pupils\' sign-in');
}

// The first sign-in with a temporary password, to Albert's "Mon compte".
async function firstSignIn(page, identifier, temporary, shot, touch) {
  await typeInto(page, 'identifiant', identifier, { touch });
  await typeInto(page, 'mot-de-passe', temporary, { touch });
  if (shot) await shot('1-connexion');
  await pressWidget(page, 'se-connecter', { touch });

  await waitForWidget(page, 'naissance', (w, s) => s.route === '#/eleve/premiere-connexion/naissance',
                      'the birth date step');
  assert.match(widget(await bridgeState(page), 'bonjour').label, /Albert/);
  await typeInto(page, 'naissance', '14 03 2012', { touch });
  if (shot) await shot('2-naissance');
  await pressWidget(page, 'confirmer', { touch });

  await waitForWidget(page, 'nouveau-mot-de-passe', (w, s) => s.route === '#/eleve/premiere-connexion/mot-de-passe',
                      'the password step');
  await typeInto(page, 'nouveau-mot-de-passe', ALBERT_PASSWORD, { touch });
  await typeInto(page, 'confirmation', ALBERT_PASSWORD, { touch });
  if (shot) await shot('3-mot-de-passe');
  await pressWidget(page, 'valider', { touch });

  await waitForBridge(page, 'Albert\'s "Mon compte"', (s) => s.route === '#/eleve/compte' && widget(s, 'compte.nom'));
  const state = await bridgeState(page);
  assert.equal(widget(state, 'compte.nom').label, 'Albert DUPONT');
  assert.match(widget(state, 'compte.identifiant').label, new RegExp(identifier.replace('.', '\\.')));
  assert.match(widget(state, 'compte.classe').label, /4e B/);
  assert.match(widget(state, 'compte.etablissement').label, /CLG LES COURTILS/);
  assert.ok(!widget(state, 'compte.enfant.0.nom'), 'a pupil sees nothing of his parents\' account');
  if (shot) await shot('4-compte');
}

export function registerPupils(test) {
  const layouts = [
    ['desktop 1280×800', { viewport: { width: 1280, height: 800 } }, false],
    ['phone 390×844', { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true }, true],
  ];
  for (const [label, options, touch] of layouts) {
    test(`Pupils (${label}): Albert's letter → birth date → new password → his "Mon compte"`, async ({ browser }) => {
      const { base, identifier, password } = await demoWithLetter();
      const { context, page, errors } = await openPage(browser, base, options);
      const name = touch ? 'phone' : 'desktop';
      const shot = (step) => screenshot(page, `eleve-${name}-${step}.png`, { touch });
      try {
        await toPupilSignIn(page, base, touch);
        await firstSignIn(page, identifier, password, shot, touch);
        assert.deepEqual(errors.filter((e) => !/status of 40[0-9]/.test(e)), [], 'no error in the page');
      } finally {
        await context.close();
      }
    });
  }

  test('Pupils: his mother gives Albert a new temporary password from her "Mon compte"; he signs in with it',
       async ({ browser }) => {
    const { base, identifier } = await demoWithLetter();
    const emilie = await createDemoAccount(base, EMILIE_PASSWORD);
    const { context, page, errors } = await openPage(browser, base, { viewport: { width: 1280, height: 900 } });
    try {
      // Emilie signs in as a parent.
      await page.goto(base + '/#/connexion');
      await waitForWidget(page, 'identifiant', (w, s) => s.route === '#/connexion');
      await typeInto(page, 'identifiant', emilie);
      await typeInto(page, 'mot-de-passe', EMILIE_PASSWORD);
      await pressWidget(page, 'se-connecter');
      await waitForBridge(page, '"Mon compte"', (s) => s.route === '#/compte' && widget(s, 'compte.enfant.0.nom'));
      assert.equal(widget(await bridgeState(page), 'compte.enfant.0.nom').label, 'Albert DUPONT');
      await pressWidget(page, 'compte.enfant.0.donner-mot-de-passe');
      const shown = await waitForWidget(page, 'compte.enfant.0.mot-de-passe-provisoire', () => true,
                                        'the temporary password shown');
      const given = shown.label.match(/([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})/);
      assert.ok(given, `the status shows the password: ${shown.label}`);
      assert.match(shown.label, new RegExp(identifier.replace('.', '\\.')));
      await screenshot(page, 'eleve-parent-mot-de-passe-provisoire.png');
      await pressWidget(page, 'se-deconnecter');
      await waitForBridge(page, 'signed out', (s) => s.route !== '#/compte');

      // Albert, on the same browser, with the password his mother gave.
      await toPupilSignIn(page, base, false);
      await firstSignIn(page, identifier, given[1], null, false);
      assert.deepEqual(errors.filter((e) => !/status of 40[0-9]/.test(e)), [], 'no error in the page');
    } finally {
      await context.close();
    }
  });
}
