// The guide's Méthode A in Chromium: "S'identifier avec FranceConnect" with the
// demonstration provider sesame-fc-demo, "Rattacher des élèves", the SMS code,
// both children, "Mon compte", the logout through the provider; a second
// sign-in straight to "Mon compte"; a tampered state refused in French. And a
// parent with an identifier and a password links FranceConnect from "Mon compte".
import assert from 'node:assert/strict';

import {
  bridgeState, createDemoAccount, franceConnectServers, newCode, openPage, pressWidget, screenshot, typeInto, waitForBridge,
  waitForWidget, widget,
} from './support.mjs';

const DUPONT_PHONE = '+33612345678';

// From the first screen to the sign-in screen, then FranceConnect and the provider's page.
async function throughFranceConnect(page, base, shot) {
  await page.goto(base + '/');
  await waitForWidget(page, 'profil.parent', (w, s) => s.route === '#/profil', 'the first screen');
  await pressWidget(page, 'profil.parent');
  await waitForWidget(page, 'profil.parent', (w) => w.checked);
  await pressWidget(page, 'niveau.ecole');
  await waitForWidget(page, 'niveau.ecole', (w) => w.checked);
  await pressWidget(page, 'se-connecter');
  await waitForWidget(page, 'educonnect.responsable', (w, s) => s.route === '#/educonnect');
  await pressWidget(page, 'educonnect.responsable');
  const button = await waitForWidget(page, 'franceconnect', (w, s) => s.route === '#/connexion',
                                     'the FranceConnect button');
  assert.equal(button.label, 'S\'identifier avec FranceConnect');
  assert.equal(widget(await bridgeState(page), 'franceconnect.info').label, 'Qu\'est-ce que FranceConnect ?');
  if (shot) await shot('1-connexion');
  await pressWidget(page, 'franceconnect');
  // The provider's own page (HTML): pick the guide's parent.
  const choose = page.getByRole('button', { name: 'Choisir Emilie DUPONT' });
  await choose.waitFor({ timeout: 15_000 });
  if (shot) await shot('2-fournisseur');
  await choose.click();
}

export function registerMethodA(test) {
  test('Méthode A: FranceConnect → "Rattacher des élèves" → SMS code → both children → "Mon compte" → ' +
       'logout through the provider; then straight to "Mon compte"; a tampered state refused',
       async ({ browser }) => {
    const { base, provider } = await franceConnectServers();
    const { context, page, errors } = await openPage(browser, base, { viewport: { width: 1280, height: 900 } });
    const shot = (step) => screenshot(page, `methode-a-${step}.png`);
    try {
      await throughFranceConnect(page, base, shot);

      await waitForBridge(page, '"Rattacher des élèves"',
                          (s) => s.route === '#/franceconnect/rattacher' && widget(s, 'alerte.franceconnect'));
      assert.match(widget(await bridgeState(page), 'alerte.franceconnect').label, /Bonjour Emilie DUPONT/);
      await typeInto(page, 'telephone', '06 12 34 56 78');
      await shot('3-rattacher');
      await pressWidget(page, 'rattacher');

      await waitForBridge(page, 'the code screen', (s) => s.route === '#/activation/code' && widget(s, 'code'));
      assert.equal(widget(await bridgeState(page), 'etape').label, 'Étape 2 sur 3');
      await typeInto(page, 'code', await newCode(base, DUPONT_PHONE, 0));
      await pressWidget(page, 'valider');

      await waitForBridge(page, 'the children', (s) => s.route === '#/activation/enfants' && widget(s, 'enfant.1.oui'));
      assert.equal(widget(await bridgeState(page), 'etape.titre').label, 'Rattachement des élèves au compte');
      await pressWidget(page, 'enfant.0.oui');
      await waitForWidget(page, 'enfant.0.naissance', () => true, 'Albert\'s birth date field');
      await typeInto(page, 'enfant.0.naissance', '14 03 2012');
      await pressWidget(page, 'enfant.1.oui');
      await waitForWidget(page, 'enfant.1.naissance', () => true, 'Jeanne\'s birth date field');
      await typeInto(page, 'enfant.1.naissance', '02 09 2017');
      await shot('4-enfants');
      await pressWidget(page, 'confirmer');

      await waitForBridge(page, '"Mon compte"', (s) => s.route === '#/compte' && widget(s, 'compte.enfant.1.nom'));
      let state = await bridgeState(page);
      assert.equal(widget(state, 'compte.franceconnect').label, 'Connexion avec FranceConnect : activée');
      assert.equal(widget(state, 'compte.enfant.0.nom').label, 'Albert DUPONT');
      assert.equal(widget(state, 'compte.enfant.1.nom').label, 'Jeanne DUPONT');
      await shot('5-compte');

      // "Se déconnecter": through the provider's end-session, back on Sésame's first page.
      await pressWidget(page, 'se-deconnecter');
      try {
        await page.waitForURL((url) => url.href.startsWith(base + '/') && !url.href.includes('/api/'),
                              { timeout: 15_000 });
      } catch (error) {
        throw new Error(`the logout did not come back to Sésame: ${page.url()}\n${(await page.content()).slice(0, 600)}`);
      }
      await waitForBridge(page, 'Sésame again after the logout', (s) => s.frame > 0 && s.route !== '#/compte');
      const me = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
      assert.equal(me, 401, 'the local session is gone');

      // The second time, straight to "Mon compte".
      await throughFranceConnect(page, base, null);
      await waitForBridge(page, '"Mon compte" at once', (s) => s.route === '#/compte' && widget(s, 'compte.nom'));
      assert.ok(!page.url().includes(provider));

      // A tampered state: refused, explained in French, no session.
      await page.goto(`${base}/api/v1/franceconnect/callback?code=abc&state=${'x'.repeat(32)}`);
      const refused = await waitForWidget(page, 'alerte.franceconnect',
                                          (w, s) => s.route === '#/franceconnect/echec/franceconnect_state_mismatch',
                                          'the failure page');
      assert.match(refused.label, /n'a pas pu être vérifiée/);
      await shot('6-echec');
      // The 401 of the signed-out page is an answer the test asked for.
      assert.deepEqual(errors.filter((e) => !/status of 40[01]/.test(e)), [], 'no error in the page');
    } finally {
      await context.close();
    }
  });

  test('"Mon compte": a parent with a password links FranceConnect, then FranceConnect opens the same account',
       async ({ browser }) => {
    const { base, provider } = await franceConnectServers();
    const identifier = await createDemoAccount(base);
    const { context, page, errors } = await openPage(browser, base, { viewport: { width: 1280, height: 900 } });
    const shot = (step) => screenshot(page, `franceconnect-lien-${step}.png`);
    try {
      await page.goto(base + '/#/connexion');
      // The FranceConnect button comes with the server's config and moves the fields down: wait for it.
      await waitForBridge(page, 'the sign-in screen',
                          (s) => s.route === '#/connexion' && widget(s, 'franceconnect') && widget(s, 'identifiant'));
      await typeInto(page, 'identifiant', identifier);
      await typeInto(page, 'mot-de-passe', 'Ecole2026μ!');
      await pressWidget(page, 'se-connecter');
      const activate = await waitForWidget(page, 'compte.franceconnect.activer', (w, s) => s.route === '#/compte',
                                           'the link to FranceConnect on "Mon compte"');
      assert.equal(activate.label, 'Activer la connexion avec FranceConnect');
      await pressWidget(page, 'compte.franceconnect.activer');

      // A wrong password first: said under the field, nothing leaves.
      await waitForBridge(page, 'the password screen', (s) => s.route === '#/compte/franceconnect' && widget(s, 'mot-de-passe'));
      await typeInto(page, 'mot-de-passe', 'PasLeBon2026!');
      await pressWidget(page, 'continuer');
      const refused = await waitForWidget(page, 'mot-de-passe.erreur', () => true, 'the wrong password\'s message');
      assert.equal(refused.label, 'Le mot de passe actuel est incorrect.');
      await shot('1-mot-de-passe');

      await typeInto(page, 'mot-de-passe', 'Ecole2026μ!');
      await pressWidget(page, 'continuer');
      const choose = page.getByRole('button', { name: 'Choisir Emilie DUPONT' });
      await choose.waitFor({ timeout: 15_000 });
      assert.ok(page.url().startsWith(provider), `at the provider: ${page.url()}`);
      await choose.click();

      // Back on "Mon compte": the success alert, FranceConnect activated, the address cleaned.
      const linked = await waitForWidget(page, 'alerte.succes', (w, s) => s.route === '#/compte',
                                         'the success alert after the link');
      assert.match(linked.label, /FranceConnect est activée/);
      await waitForWidget(page, 'compte.franceconnect', (w) => w.label === 'Connexion avec FranceConnect : activée');
      assert.ok(!widget(await bridgeState(page), 'compte.franceconnect.activer'));
      await shot('2-compte');

      // Sign out, then FranceConnect opens this very account.
      await pressWidget(page, 'se-deconnecter');
      await waitForBridge(page, 'signed out', (s) => s.route !== '#/compte' && s.frame > 0);
      await throughFranceConnect(page, base, null);
      await waitForBridge(page, '"Mon compte" through FranceConnect',
                          (s) => s.route === '#/compte' && widget(s, 'compte.identifiant'));
      assert.equal(widget(await bridgeState(page), 'compte.identifiant').label, `Identifiant : ${identifier}`);
      assert.deepEqual(errors.filter((e) => !/status of 40[01]/.test(e)), [], 'no error in the page');
    } finally {
      await context.close();
    }
  });
}
