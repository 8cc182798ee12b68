// School staff in Chromium. First, the demo's staff member of CLG LES COURTILS comes
// in from the first screen ("Personnel Éducation nationale"), signs in with her
// password and a TOTP code (computed by Debian's oathtool from the secret
// `sesame-admin demo` printed), finds Albert DUPONT, prints his letter (a PDF
// download, read back with pdftotext) and cannot reach a pupil of another school.
// Then a parent's activation letter, printed through the staff API, opens her
// first sign-in on the parents' sign-in screen: her children, a password, "Mon compte".
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
  admin, bridgeState, cleanups, openPage, pressWidget, screenshot, startServer, typeInto, waitForBridge,
  waitForWidget, widget,
} from './support.mjs';

const STAFF_EMAIL = 'nadia.benali@ac-normandie.fr';
const STAFF_PASSWORD = 'Console-Courtils-2026';

// The demo data and its staff member, a server on it: answers the server, the
// TOTP secret and the folder for downloads.
async function demoWithStaff() {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'sesame-e2e-staff-'));
  cleanups.push(() => fs.rmSync(temp, { recursive: true, force: true }));
  const db = path.join(temp, 'sesame.db');
  const printed = execFileSync(admin, ['demo', '--db', db], { encoding: 'utf8', timeout: 30_000 });
  const secret = printed.match(/oathtool --totp -b ([A-Z2-7]+)/);
  assert.ok(secret, `sesame-admin demo prints the staff member's secret:\n${printed}`);
  const { base } = await startServer(db, []);
  return { base, secret: secret[1], temp };
}

const totp = (secret) => execFileSync('oathtool', ['--totp', '-b', secret], { encoding: 'utf8' }).trim();

// The staff API as a script drives it: the staff cookie after password and code.
async function staffCookie(base, secret) {
  const json = { 'Content-Type': 'application/json', Origin: base };
  const first = await fetch(`${base}/api/v1/staff/session`, {
    method: 'POST', headers: json, body: JSON.stringify({ email: STAFF_EMAIL, password: STAFF_PASSWORD }),
  });
  assert.equal(first.status, 202);
  const { flow } = await first.json();
  const second = await fetch(`${base}/api/v1/staff/session/${flow}/code`, {
    method: 'POST', headers: json, body: JSON.stringify({ code: totp(secret) }),
  });
  assert.equal(second.status, 200, await second.text());
  return second.headers.get('set-cookie').split(';')[0];
}

// Every widget whose label contains `text`.
const labelled = (state, text) => state.widgets.filter((w) => (w.label || '').includes(text));

export function registerStaff(test) {
  test('Staff: password + TOTP, Albert DUPONT found, his letter printed; another school\'s pupil out of reach',
       async ({ browser }) => {
    const { base, secret, temp } = await demoWithStaff();
    const { context, page, errors } = await openPage(browser, base, {
      viewport: { width: 1280, height: 900 }, acceptDownloads: true,
    });
    const shot = (step) => screenshot(page, `personnel-${step}.png`);
    try {
      // The first screen's "Personnel Éducation nationale" leads to the staff sign-in.
      await page.goto(base + '/');
      await waitForWidget(page, 'profil.personnel', (w, s) => s.route === '#/profil', 'the first screen');
      await pressWidget(page, 'profil.personnel');
      await waitForWidget(page, 'profil.personnel', (w) => w.checked);
      await pressWidget(page, 'niveau.college_lycee');
      await waitForWidget(page, 'niveau.college_lycee', (w) => w.checked);
      await pressWidget(page, 'se-connecter');
      await waitForWidget(page, 'email', (w, s) => s.route === '#/personnel/connexion', 'the staff sign-in');

      await typeInto(page, 'email', STAFF_EMAIL);
      await typeInto(page, 'mot-de-passe', STAFF_PASSWORD);
      await shot('1-connexion');
      await pressWidget(page, 'se-connecter');
      await waitForWidget(page, 'code', (w, s) => s.route === '#/personnel/code', 'the second factor');
      await typeInto(page, 'code', totp(secret));
      await shot('2-code');
      await pressWidget(page, 'valider');
      await waitForWidget(page, 'recherche.nom', (w, s) => s.route === '#/personnel/console', 'the console');

      // Albert DUPONT, found by the start of his name.
      await typeInto(page, 'recherche.nom', 'dup');
      await pressWidget(page, 'rechercher');
      await waitForWidget(page, 'resultat.0', () => true, 'the search results');
      const found = await waitForBridge(page, 'Albert among the results',
                                        (s) => s.widgets.find((w) => /^resultat\.\d+$/.test(w.id) &&
                                                                     /DUPONT Albert/.test(w.label)));
      await shot('3-recherche');
      await pressWidget(page, found.id);
      await waitForWidget(page, 'action.lettre', (w, s) => s.route.startsWith('#/personnel/personne/pupil/'),
                          'Albert\'s page');
      const albert = await bridgeState(page);
      assert.match(widget(albert, 'compte.etat').label, /Non activé/);
      assert.ok(labelled(albert, 'CLG LES COURTILS').length > 0, 'his school is shown');
      await shot('4-fiche-albert');

      // His letter: confirmed, then downloaded as a PDF that gives his identifier and a temporary password.
      await pressWidget(page, 'action.lettre');
      await waitForWidget(page, 'confirmer', () => true, 'the confirmation');
      const download = page.waitForEvent('download', { timeout: 30_000 });
      await pressWidget(page, 'confirmer');
      const pdf = path.join(temp, 'lettre-albert.pdf');
      await (await download).saveAs(pdf);
      assert.equal(fs.readFileSync(pdf).subarray(0, 5).toString(), '%PDF-');
      const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
      assert.match(text, /Identifiant\s*:\s*a\.dupont\d{2,3}/);
      assert.match(text, /Mot de passe provisoire\s*:\s*[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}/);
      await waitForWidget(page, 'alerte.succes', () => true, 'the confirmation that the letter was printed');
      await waitForBridge(page, 'the letter in his page', (s) => widget(s, 'lettre.0'));
      await shot('5-lettre-imprimee');

      // Hugo MARTIN (LYC LES SABLONS): not found by name…
      await pressWidget(page, 'retour-console');
      await waitForWidget(page, 'recherche.nom', (w, s) => s.route === '#/personnel/console');
      await typeInto(page, 'recherche.nom', 'hugo');
      await pressWidget(page, 'rechercher');
      await waitForWidget(page, 'resultats.nombre', (w) => /Aucune personne/.test(w.label), 'no result');
      assert.equal(widget(await bridgeState(page), 'resultat.0'), null);
      await shot('6-autre-etablissement-recherche');
      // … nor by his page's address, guessed.
      const hugo = execFileSync('sqlite3', [path.join(temp, 'sesame.db'),
                                            "SELECT id FROM pupils WHERE external_id = 'DEMO-E05'"],
                                { encoding: 'utf8' }).trim();
      await page.goto(`${base}/#/personnel/personne/pupil/${hugo}`);
      await waitForBridge(page, 'the refusal', (s) =>
        labelled(s, 'n\'est pas inscrite dans un établissement dont vous avez la charge').length > 0);
      assert.equal(widget(await bridgeState(page), 'action.lettre'), null);
      await shot('7-autre-etablissement-refus');

      assert.deepEqual(errors.filter((e) => !/status of 40[0-9]/.test(e)), [], 'no error in the page');
    } finally {
      await context.close();
    }
  });

  test('Staff: a parent\'s activation letter; her first sign-in with it in the browser',
       async ({ browser }) => {
    const { base, secret, temp } = await demoWithStaff();
    // Emilie DUPONT's activation letter, printed by the console's API.
    const cookie = await staffCookie(base, secret);
    const emilie = execFileSync('sqlite3', [path.join(temp, 'sesame.db'),
                                            "SELECT id FROM guardians WHERE external_id = 'DEMO-R01'"],
                                { encoding: 'utf8' }).trim();
    const letter = await fetch(`${base}/api/v1/staff/people/guardian/${emilie}/letter`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Origin: base, Cookie: cookie }, body: '{}',
    });
    assert.equal(letter.status, 200);
    const pdf = path.join(temp, 'lettre-emilie.pdf');
    fs.writeFileSync(pdf, Buffer.from(await letter.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
    const identifier = text.match(/Identifiant\s*:\s*(e\.dupont\d{2,3})/);
    const password = text.match(/Mot de passe provisoire\s*:\s*([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})/);
    assert.ok(identifier && password, `the letter gives Emilie's identifier and temporary password:\n${text}`);

    const { context, page, errors } = await openPage(browser, base, { viewport: { width: 1280, height: 900 } });
    const shot = (step) => screenshot(page, `parent-lettre-${step}.png`);
    try {
      await page.goto(base + '/#/connexion');
      await waitForWidget(page, 'identifiant', (w, s) => s.route === '#/connexion');
      await typeInto(page, 'identifiant', identifier[1]);
      await typeInto(page, 'mot-de-passe', password[1]);
      await pressWidget(page, 'se-connecter');
      await waitForWidget(page, 'enfant.0.oui', (w, s) => s.route === '#/premiere-connexion/enfants',
                          'the children step');
      // Albert (CLG LES COURTILS) is the one child of the member's school named; both are asked.
      const state = await bridgeState(page);
      assert.ok(labelled(state, 'Albert').length > 0, 'Albert is asked');
      // Each child by name: Albert (CLG LES COURTILS) and Jeanne (E.P.U JOSEPHINE BAKER).
      const births = { Albert: '14 03 2012', Jeanne: '02 09 2017' };
      for (let index = 0; widget(await bridgeState(page), `enfant.${index}.oui`); ++index) {
        const name = widget(await bridgeState(page), `enfant.${index}.nom`).label;
        const first = Object.keys(births).find((n) => name.includes(n));
        assert.ok(first, `a child of Emilie's: ${name}`);
        await pressWidget(page, `enfant.${index}.oui`);
        await waitForWidget(page, `enfant.${index}.naissance`);
        await typeInto(page, `enfant.${index}.naissance`, births[first]);
      }
      await shot('1-enfants');
      await pressWidget(page, 'confirmer');
      await waitForWidget(page, 'nouveau-mot-de-passe', (w, s) => s.route === '#/premiere-connexion/mot-de-passe',
                          'the password step');
      await typeInto(page, 'nouveau-mot-de-passe', 'Ecole2026μ!');
      await typeInto(page, 'confirmation', 'Ecole2026μ!');
      await shot('2-mot-de-passe');
      await pressWidget(page, 'valider');
      await waitForBridge(page, 'Emilie\'s "Mon compte"', (s) => s.route === '#/compte' && widget(s, 'compte.enfant.0.nom'));
      assert.ok(labelled(await bridgeState(page), 'Albert DUPONT').length > 0, 'Albert is on her account');
      await shot('3-compte');
      assert.deepEqual(errors.filter((e) => !/status of 40[0-9]/.test(e)), [], 'no error in the page');
    } finally {
      await context.close();
    }
  });
}
