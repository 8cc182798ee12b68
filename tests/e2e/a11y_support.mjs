// What the accessibility tests share (tests/e2e/accessibility.mjs): the semantic
// mirror over the canvas (<div id="sesame-semantics">, one DOM element per node of
// window.sesameBridge, each with data-node="<test id>") driven as assistive
// technology drives it, axe-core, Chromium's own accessibility tree (CDP), and a
// walk through every screen of the client. The contract they check is
// docs/accessibility.md's (the bridge's "role", "level", "invalid", "required"…).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

import { STEP_TIMEOUT_MS, bridgeState, newCode, outbox, waitForBridge, widget } from './support.mjs';

const require = createRequire(import.meta.url);
export const AXE_PATH = require.resolve('axe-core/axe.min.js');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export const DUPONT_PHONE = '+33612345678';
export const PASSWORD = 'Ecole2026μ!';

// Any promise, bounded: `what` names it in the error.
export function bounded(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Accessible names as compared: non-breaking and narrow spaces are spaces, runs of
// white space one space, no space at either end.
export const norm = (text) => String(text ?? '').replace(/[\u00a0\u202f\u2007]/g, ' ').replace(/\s+/g, ' ').trim();

// A test id inside a CSS attribute selector.
const quoted = (id) => JSON.stringify(String(id));
export const nodeSelector = (id) => `[data-node=${quoted(id)}]`;

// ---------------------------------------------------------------------------
// The page: waiting for a screen, and for the mirror to follow the canvas.

// The bridge's frame counter (null while a navigation is in progress).
async function frameOf(page) {
  const state = await bridgeState(page);
  return state ? state.frame : null;
}

// Waits until no frame was drawn for `quietMs` (at most `maxMs`): the countdown of
// the code screens redraws every second, so this does not insist.
export async function settle(page, { quietMs = 150, maxMs = 2500 } = {}) {
  const start = Date.now();
  let last = await frameOf(page);
  let since = Date.now();
  while (Date.now() - start < maxMs) {
    await page.waitForTimeout(50);
    const frame = await frameOf(page);
    if (frame !== last) {
      last = frame;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      break;
    }
  }
  // The mirror follows the frame: wait (bounded, without failing) until each node with a
  // role has its element; the checks say which is missing when one stays missing.
  const deadline = Date.now() + 2000;
  while (Date.now() < deadline) {
    const missing = await page.evaluate(() => {
      const s = window.sesameBridge && window.sesameBridge.state();
      if (!s) return 1;
      const present = new Set([...document.querySelectorAll('[data-node]')].map((e) => e.getAttribute('data-node')));
      return s.widgets.filter((w) => w.role && w.id && !present.has(w.id)).length;
    }).catch(() => 1);
    if (missing === 0) return;
    await page.waitForTimeout(50);
  }
}

// Waits for the screen `route` with the node `id` in the bridge and its element in the
// DOM, then for the page to settle. Answers the bridge's state.
export async function onScreen(page, route, id, what = `${route} with ${id}`) {
  await waitForBridge(page, what, (s) => s.route === route && widget(s, id));
  await page.locator(nodeSelector(id)).first().waitFor({ state: 'attached', timeout: STEP_TIMEOUT_MS })
    .catch(() => { throw new Error(`${what}: the bridge has ${id} but the DOM has no element [data-node="${id}"]`); });
  await settle(page);
  return bridgeState(page);
}

// The field's error as the bridge tells it: its "error", or its ".erreur" node, or the
// texts its "describedby" lists that are errors.
export function errorOf(state, id) {
  const w = widget(state, id);
  if (!w) return '';
  if (w.error) return w.error;
  const node = widget(state, `${id}.erreur`);
  if (node) return node.label;
  const refs = (w.describedby || []).filter((ref) => /erreur/.test(ref)).map((ref) => widget(state, ref));
  return refs.filter(Boolean).map((r) => r.label).join(' ');
}

// The field's hint and error as the bridge tells them (what aria-describedby must give).
export function descriptionOf(state, w) {
  if (Array.isArray(w.describedby) && w.describedby.length) {
    return w.describedby.map((ref) => (widget(state, ref) || {}).label || '').filter(Boolean);
  }
  return [w.description, w.error].filter(Boolean);
}

export async function waitForFieldError(page, id, what = `an error on ${id}`) {
  return waitForBridge(page, what, (s) => {
    const w = widget(s, id);
    return w && (w.invalid || errorOf(s, id)) ? s : null;
  });
}

// ---------------------------------------------------------------------------
// Acting through the mirror, as a screen reader does: no coordinates.

// A DOM click on the node's element (a button, a link, a radio or its label).
export async function activate(page, id) {
  await page.locator(nodeSelector(id)).first().dispatchEvent('click');
}

// The <input> of a text node: the element itself, the input inside it, or the input its <label for> names.
export async function inputSelector(page, id) {
  const selector = await page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return null;
    let input = el.tagName === 'INPUT' ? el : el.querySelector('input');
    if (!input && el.tagName === 'LABEL' && el.htmlFor) input = document.getElementById(el.htmlFor);
    if (!input) return null;
    if (input === el) return sel;
    if (input.id) return `#${CSS.escape(input.id)}`;
    return `${sel} input`;
  }, nodeSelector(id));
  assert.ok(selector, `the DOM holds an <input> for the text node ${id}`);
  return selector;
}

// What a parent types arrives in the node's <input> (value set, input event): Playwright's fill.
export async function fillNode(page, id, text) {
  await page.locator(await inputSelector(page, id)).fill(text);
}

// ---------------------------------------------------------------------------
// axe-core.

export async function runAxe(page) {
  const loaded = await page.evaluate(() => typeof window.axe === 'object');
  if (!loaded) await page.addScriptTag({ path: AXE_PATH });
  const results = await bounded(page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), summary: n.failureSummary || '' })),
    }));
  }, AXE_TAGS), 60_000, 'axe.run');
  return results;
}

export function formatViolation(v) {
  const targets = v.nodes.map((n) => `${n.target.join(' ')}${n.summary ? ` (${norm(n.summary).slice(0, 160)})` : ''}`);
  return `${v.id} [${v.impact}] ${v.help}: ${targets.join('; ')}`;
}

// ---------------------------------------------------------------------------
// Chromium's accessibility tree and the DOM behind it (CDP).

const TEXT_ROLES = new Set(['paragraph', 'listitem', 'alert', 'status', 'generic', 'Legend', 'LabelText']);
const axRole = (n) => (n.role ? n.role.value : '');
export const axName = (n) => (n.name ? n.name.value : '');
export function axProp(n, name) {
  const p = (n.properties || []).find((q) => q.name === name);
  return p ? p.value.value : undefined;
}

export async function axSession(page) {
  const cdp = await page.context().newCDPSession(page);
  await bounded(cdp.send('Accessibility.enable'), 10_000, 'Accessibility.enable');
  return cdp;
}

// The full tree, with the text of each node's subtree (for roles whose name is not their content).
export async function axTree(cdp) {
  const { nodes } = await bounded(cdp.send('Accessibility.getFullAXTree'), 15_000, 'Accessibility.getFullAXTree');
  const byId = new Map(nodes.map((n) => [n.nodeId, n]));
  const textCache = new Map();
  const text = (n) => {
    if (textCache.has(n.nodeId)) return textCache.get(n.nodeId);
    let t;
    if (axRole(n) === 'StaticText') t = axName(n);
    else t = (n.childIds || []).map((id) => byId.get(id)).filter(Boolean).map(text).join(' ');
    textCache.set(n.nodeId, t);
    return t;
  };
  const byBackend = new Map();
  for (const n of nodes) {
    if (n.backendDOMNodeId === undefined) continue;
    if (!byBackend.has(n.backendDOMNodeId)) byBackend.set(n.backendDOMNodeId, []);
    byBackend.get(n.backendDOMNodeId).push(n);
  }
  const root = nodes.find((n) => !n.parentId) || nodes[0];
  return { nodes, byId, byBackend, text, root };
}

// The name a reader hears for a node: its name, or for text roles the text inside it.
export function axSpoken(tree, n) {
  const name = axName(n);
  if (name || !TEXT_ROLES.has(axRole(n))) return norm(name);
  return norm(tree.text(n));
}

// data-node → the backend ids of its element and every element inside it, document order.
export async function dataNodes(cdp) {
  const { root } = await bounded(cdp.send('DOM.getDocument', { depth: -1 }), 15_000, 'DOM.getDocument');
  const map = new Map();
  const descend = (node, owners) => {
    const attrs = node.attributes || [];
    let mine = owners;
    for (let i = 0; i + 1 < attrs.length; i += 2) {
      if (attrs[i] === 'data-node') {
        const entry = { id: attrs[i + 1], tag: node.nodeName, backend: [] };
        if (!map.has(entry.id)) map.set(entry.id, entry);
        mine = [...owners, map.get(entry.id)];
      }
    }
    for (const owner of mine) owner.backend.push(node.backendNodeId);
    for (const child of node.children || []) descend(child, mine);
    if (node.contentDocument) descend(node.contentDocument, mine);
  };
  descend(root, []);
  return map;
}

// "role: name" lines of the tree, indented by depth, for reading: ignored nodes, text
// leaves and nameless wrappers left out; inside a node named by its text (an alert, a
// paragraph, a button), only the controls.
const WRAPPERS = new Set(['StaticText', 'InlineTextBox', 'none', 'generic', 'LabelText', 'Legend', 'strong',
                          'emphasis', 'LineBreak']);
const CONTROLS = new Set(['button', 'link', 'textbox', 'radio', 'checkbox']);
const CONTENT_NAMED = new Set(['paragraph', 'alert', 'status', 'heading', 'textbox', ...CONTROLS]);
export function axOutline(tree) {
  const lines = [];
  const walk = (n, depth, inText) => {
    const role = axRole(n);
    let next = depth;
    const shown = !n.ignored && !WRAPPERS.has(role) && (!inText || CONTROLS.has(role));
    if (shown) {
      const states = [];
      for (const p of ['level', 'checked', 'disabled', 'invalid', 'required', 'busy', 'focused']) {
        const v = axProp(n, p);
        if (v === undefined || v === false || v === 'false') continue;
        states.push(p === 'level' ? `level ${v}` : p === 'checked' ? `checked=${v}` : p);
      }
      const desc = n.description && n.description.value ? ` — description: ${norm(n.description.value)}` : '';
      lines.push(`${'  '.repeat(depth)}${role}: ${axSpoken(tree, n)}${states.length ? ` [${states.join(', ')}]` : ''}${desc}`);
      next = depth + 1;
    }
    if (role === 'textbox') return;  // its editor's inner text
    for (const id of n.childIds || []) {
      const c = tree.byId.get(id);
      if (c) walk(c, next, inText || (shown && CONTENT_NAMED.has(role)));
    }
  };
  walk(tree.root, 0, false);
  return lines;
}

// ---------------------------------------------------------------------------
// The semantics table: each node of the bridge that has a role against the accessibility tree.

// The bridge's role → Chromium's role in the tree.
const CHROMIUM_ROLE = {
  heading: 'heading', paragraph: 'paragraph', button: 'button', link: 'link', textbox: 'textbox', radio: 'radio',
  checkbox: 'checkbox', group: 'group', alert: 'alert', status: 'status', 'banner-text': 'paragraph',
  list: 'list', listitem: 'listitem',
};
const INTERACTIVE = new Set(['button', 'radio', 'checkbox', 'input']);

// What the page's DOM says of each node element (live values the CDP document does not carry).
async function domFacts(page) {
  return page.evaluate(() => {
    const facts = {};
    for (const el of document.querySelectorAll('[data-node]')) {
      const id = el.getAttribute('data-node');
      if (facts[id]) continue;
      let input = el.tagName === 'INPUT' ? el : el.querySelector('input');
      if (!input && el.tagName === 'LABEL' && el.htmlFor) input = document.getElementById(el.htmlFor);
      const button = el.tagName === 'BUTTON' ? el : null;
      facts[id] = {
        tag: el.tagName,
        input: input && {
          type: input.type, autocomplete: input.getAttribute('autocomplete'), inputmode: input.getAttribute('inputmode'),
          value: input.value, ariaInvalid: input.getAttribute('aria-invalid'), ariaRequired: input.getAttribute('aria-required'),
        },
        button: button && {
          type: button.getAttribute('type'), disabledAttr: button.hasAttribute('disabled'),
          ariaDisabled: button.getAttribute('aria-disabled'), ariaBusy: button.getAttribute('aria-busy'),
        },
      };
    }
    return { facts, title: document.title, lang: document.documentElement.getAttribute('lang') };
  });
}

// One pass of the table: answers the failures (strings) for this screen.
async function semanticsOnce(page, cdp) {
  const state = await bridgeState(page);
  const [tree, elements, dom] = [await axTree(cdp), await dataNodes(cdp), await domFacts(page)];
  const failures = [];
  const fail = (w, message) => failures.push(`${w ? `${w.id} (${w.role || w.kind})` : 'page'}: ${message}`);

  for (const w of state.widgets) {
    if (!w.role) {
      if (INTERACTIVE.has(w.kind)) fail(w, `an interactive ${w.kind} "${w.label}" with no role in the bridge`);
      continue;
    }
    const expected = CHROMIUM_ROLE[w.role];
    if (!expected) {
      fail(w, `unknown role "${w.role}" in the bridge`);
      continue;
    }
    const element = elements.get(w.id);
    if (!element) {
      const elsewhere = tree.nodes.find((n) => !n.ignored && axRole(n) === expected && axSpoken(tree, n) === norm(w.label));
      fail(w, `no DOM element [data-node="${w.id}"]${elsewhere ? ' (a node with that role and name exists elsewhere)' : ''}`);
      continue;
    }
    const candidates = element.backend.flatMap((b) => tree.byBackend.get(b) || []).filter((n) => !n.ignored);
    const node = candidates.find((n) => axRole(n) === expected);
    if (!node) {
      const seen = [...new Set(candidates.map(axRole))].join(', ') || 'nothing (ignored or absent)';
      fail(w, `expected a "${expected}" in the accessibility tree for <${element.tag.toLowerCase()} data-node>, saw: ${seen}`);
      continue;
    }
    const spoken = axSpoken(tree, node);
    if (spoken !== norm(w.label)) fail(w, `name: expected "${norm(w.label)}", the tree says "${spoken}"`);

    if (w.role === 'radio' || w.role === 'checkbox') {
      const checked = axProp(node, 'checked');
      if (checked !== (w.checked ? 'true' : 'false')) fail(w, `checked: bridge ${w.checked}, tree ${checked}`);
    }
    if (w.role === 'button' || w.role === 'link') {
      const disabled = axProp(node, 'disabled') === true;
      if (w.enabled === false && !disabled) fail(w, 'disabled in the bridge, not in the tree (aria-disabled="true")');
      if (w.enabled !== false && disabled) fail(w, 'enabled in the bridge, disabled in the tree');
      const facts = dom.facts[w.id] && dom.facts[w.id].button;
      if (facts && facts.disabledAttr) fail(w, 'the button has the disabled attribute (it must stay focusable: aria-disabled)');
      if (facts && w.enabled === false && facts.ariaDisabled !== 'true') fail(w, `aria-disabled="${facts.ariaDisabled}", expected "true"`);
      if (facts && w.primary && facts.type !== 'submit') fail(w, `the screen's primary button has type="${facts.type}", expected submit`);
      if (facts && !w.primary && w.role === 'button' && facts.type !== 'button') fail(w, `type="${facts.type}", expected button`);
    }
    if (w.busy) {
      if (!axProp(node, 'busy')) fail(w, 'busy in the bridge, not in the tree (aria-busy="true")');
    } else if (axProp(node, 'busy')) {
      fail(w, 'busy in the tree, not in the bridge');
    }
    if (w.role === 'heading') {
      if (!(w.level > 0)) fail(w, `a heading without a level in the bridge (${w.level})`);
      else if (axProp(node, 'level') !== w.level) fail(w, `level: bridge ${w.level}, tree ${axProp(node, 'level')}`);
    }
    if (w.role === 'textbox') {
      const invalid = axProp(node, 'invalid');
      if (w.invalid && invalid !== 'true') fail(w, `in error in the bridge ("${errorOf(state, w.id)}"), invalid=${invalid} in the tree`);
      if (!w.invalid && invalid === 'true') fail(w, 'invalid in the tree, not in the bridge');
      if (w.required && axProp(node, 'required') !== true) fail(w, 'required in the bridge, not in the tree (aria-required)');
      const description = norm(node.description ? node.description.value : '');
      for (const part of descriptionOf(state, w)) {
        if (!description.includes(norm(part))) {
          fail(w, `description (aria-describedby) lacks "${norm(part)}"; the tree's description is "${description}"`);
        }
      }
      const facts = dom.facts[w.id] && dom.facts[w.id].input;
      if (facts) {
        if ((w.autocomplete || '') !== (facts.autocomplete || '')) {
          fail(w, `autocomplete: bridge "${w.autocomplete}", DOM "${facts.autocomplete}"`);
        }
        // The keyboard a phone shows: inputmode, or the type's own (email, tel).
        const keyboard = facts.inputmode || (facts.type === 'email' || facts.type === 'tel' ? facts.type : 'text');
        if (w.inputmode && !w.secret && w.inputmode !== keyboard) {
          fail(w, `the keyboard: bridge inputmode "${w.inputmode}", DOM type="${facts.type}" inputmode="${facts.inputmode}"`);
        }
        if (w.secret !== undefined && (facts.type === 'password') !== Boolean(w.secret && w.masked !== false)) {
          fail(w, `type="${facts.type}" for a field whose secret=${w.secret}, masked=${w.masked}`);
        }
        if (!w.secret && typeof w.value === 'string' && w.value !== facts.value) {
          fail(w, `value: bridge "${w.value}", DOM "${facts.value}"`);
        }
      }
    }
  }

  // The screen's title: one h1, and document.title names it.
  const h1s = tree.nodes.filter((n) => !n.ignored && axRole(n) === 'heading' && axProp(n, 'level') === 1);
  if (h1s.length !== 1) fail(null, `${h1s.length} level-1 headings in the tree (${h1s.map((n) => `"${axSpoken(tree, n)}"`).join(', ')}), expected one`);
  const h1 = state.widgets.find((w) => w.role === 'heading' && w.level === 1);
  if (state.title !== undefined && state.title !== dom.title) fail(null, `document.title "${dom.title}", the bridge's title "${state.title}"`);
  if (h1 && !norm(dom.title).startsWith(norm(h1.label))) fail(null, `document.title "${dom.title}" does not start with the h1 "${h1.label}"`);
  if (!/ – Sésame$/.test(dom.title)) fail(null, `document.title "${dom.title}" does not end with " – Sésame"`);
  const step = widget(state, 'etape');
  if (step && /^Étape \d+ sur \d+$/.test(norm(step.label)) && !norm(dom.title).includes(norm(step.label))) {
    fail(null, `document.title "${dom.title}" lacks "${norm(step.label)}"`);
  }
  if (dom.lang !== 'fr') fail(null, `<html lang="${dom.lang}">`);
  return { failures, count: state.widgets.filter((w) => w.role).length, route: state.route };
}

// The table for the screen shown: a label may change under the check (the code screen's
// countdown), so a failing pass is run again, at most twice, before it counts.
export async function checkSemantics(page, cdp) {
  let result;
  for (let attempt = 0; attempt < 3; attempt++) {
    result = await semanticsOnce(page, cdp);
    if (result.failures.length === 0) return result;
    await page.waitForTimeout(300);
  }
  return result;
}

// ---------------------------------------------------------------------------
// Reflow: no horizontal scroll, every node within the viewport's width.

export async function checkReflow(page) {
  const state = await bridgeState(page);
  const width = page.viewportSize().width;
  const failures = [];
  const m = await page.evaluate(() => {
    const s = document.scrollingElement;
    const wide = [...document.querySelectorAll('#sesame-semantics *')].map((e) => {
      const r = e.getBoundingClientRect();
      return { node: (e.closest('[data-node]') || {}).dataset?.node || e.tagName, left: r.left, right: r.right };
    }).filter((r) => r.right > window.innerWidth + 0.5 || r.left < -0.5);
    return { scrollWidth: s.scrollWidth, clientWidth: s.clientWidth, wide: wide.slice(0, 8) };
  });
  if (m.scrollWidth > m.clientWidth) {
    failures.push(`horizontal scroll: scrollWidth ${m.scrollWidth} > clientWidth ${m.clientWidth}` +
                  (m.wide.length ? `; DOM elements past the edge: ${m.wide.map((r) => `${r.node} ${r.left.toFixed(1)}..${r.right.toFixed(1)}`).join(', ')}` : ''));
  }
  if (state.viewport && Math.abs(state.viewport.width - width) > 0.5) {
    failures.push(`the last frame was drawn for ${state.viewport.width} CSS px, the viewport is ${width}`);
  }
  for (const w of state.widgets) {
    if (w.x < -0.5 || w.x + w.width > width + 0.5) {
      failures.push(`${w.id} "${norm(w.label).slice(0, 40)}" spans ${w.x}..${(w.x + w.width).toFixed(2)}, outside 0..${width}`);
    }
  }
  return { failures, route: state.route };
}

// ---------------------------------------------------------------------------
// Every screen, through the mirror: a fresh demo database, the pupils' sign-in
// and its help, the Dupont family's Méthode B, "Mon compte" and its screens, the recoveries, a FranceConnect failure,
// the accessibility statement. `visit(name)` runs on each screen once it settled
// (names: the route, and "(refusé)" after a refused submit). Answers what was
// visited and what was skipped.

export async function walkScreens(page, base, visit, log = () => {}) {
  const visited = [];
  const skipped = [];
  const at = async (name) => {
    visited.push(name);
    await visit(name);
  };
  const refused = (route) => `${route} (refusé)`;

  await page.goto(base + '/');
  await onScreen(page, '#/profil', 'profil.parent');
  await at('#/profil');
  // A profile not served here (school staff have their console): the notice.
  await activate(page, 'profil.collectivite');
  await waitForBridge(page, 'profil.collectivite checked', (s) => (widget(s, 'profil.collectivite') || {}).checked);
  await activate(page, 'niveau.ecole');
  await waitForBridge(page, 'niveau.ecole checked', (s) => (widget(s, 'niveau.ecole') || {}).checked);
  await activate(page, 'se-connecter');
  await waitForBridge(page, 'the notice "Profil pas encore disponible ici"', (s) => widget(s, 'alerte.profil'));
  await settle(page);
  await at('#/profil (profil indisponible)');
  await activate(page, 'profil.parent');
  await waitForBridge(page, 'profil.parent checked', (s) => (widget(s, 'profil.parent') || {}).checked);
  await activate(page, 'niveau.college_lycee');
  await waitForBridge(page, 'niveau.college_lycee checked', (s) => (widget(s, 'niveau.college_lycee') || {}).checked);
  await activate(page, 'se-connecter');

  await onScreen(page, '#/educonnect', 'educonnect.responsable');
  await at('#/educonnect');
  // The pupils' way in: the sign-in with the school's letter, and its help.
  await activate(page, 'educonnect.eleve');
  await onScreen(page, '#/eleve/connexion', 'aide.sans-compte');
  await at('#/eleve/connexion');
  await activate(page, 'se-connecter');
  await waitForFieldError(page, 'identifiant');
  await settle(page);
  await at(refused('#/eleve/connexion'));
  await activate(page, 'identifiant-oublie');
  await onScreen(page, '#/eleve/aide', 'aide.parent');
  await at('#/eleve/aide');
  await activate(page, 'precedent');
  await onScreen(page, '#/eleve/connexion', 'precedent');
  await activate(page, 'precedent');
  await onScreen(page, '#/educonnect', 'educonnect.responsable');
  await activate(page, 'educonnect.responsable');

  await onScreen(page, '#/connexion', 'sans-compte');
  await at('#/connexion');
  await activate(page, 'se-connecter');
  await waitForFieldError(page, 'identifiant');
  await settle(page);
  await at(refused('#/connexion'));
  await activate(page, 'sans-compte');

  // Méthode B.
  await onScreen(page, '#/activation/identite', 'nom');
  await at('#/activation/identite');
  await activate(page, 'suivant');
  await waitForFieldError(page, 'nom');
  await settle(page);
  await at(refused('#/activation/identite'));
  await fillNode(page, 'nom', 'Dupont');
  await fillNode(page, 'prenom', 'Emilie');
  await fillNode(page, 'telephone', '06 12 34 56 78');
  // What was typed reached the app, each in its own field (a focus moved by the refusal
  // while typing would put it in another).
  await waitForBridge(page, 'the identity typed in its fields', (s) =>
    (widget(s, 'nom') || {}).value === 'Dupont' && (widget(s, 'prenom') || {}).value === 'Emilie' &&
    (widget(s, 'telephone') || {}).value === '06 12 34 56 78');
  await activate(page, 'suivant');

  await onScreen(page, '#/activation/code', 'code');
  await at('#/activation/code');
  await fillNode(page, 'code', '000000');
  await activate(page, 'valider');
  await waitForFieldError(page, 'code', 'the wrong code refused');
  await settle(page);
  await at(refused('#/activation/code'));
  await fillNode(page, 'code', await newCode(base, DUPONT_PHONE, 0));
  await activate(page, 'valider');

  await onScreen(page, '#/activation/enfants', 'enfant.1.oui');
  await at('#/activation/enfants');
  await activate(page, 'confirmer');
  await waitForBridge(page, 'the unanswered children refused', (s) => widget(s, 'enfant.0.erreur') || widget(s, 'alerte.erreur'));
  await settle(page);
  await at(refused('#/activation/enfants'));
  await activate(page, 'enfant.0.oui');
  await waitForBridge(page, 'Albert\'s birth date field', (s) => widget(s, 'enfant.0.naissance'));
  await activate(page, 'enfant.1.oui');
  await waitForBridge(page, 'Jeanne\'s birth date field', (s) => widget(s, 'enfant.1.naissance'));
  await fillNode(page, 'enfant.0.naissance', '15 03 2012');
  await fillNode(page, 'enfant.1.naissance', '02 09 2017');
  await activate(page, 'confirmer');
  await waitForFieldError(page, 'enfant.0.naissance', 'Albert\'s wrong birth date refused');
  await settle(page);
  await at('#/activation/enfants (date refusée)');
  await fillNode(page, 'enfant.0.naissance', '14 03 2012');
  await activate(page, 'confirmer');

  await onScreen(page, '#/activation/mot-de-passe', 'nouveau-mot-de-passe');
  await at('#/activation/mot-de-passe');
  await activate(page, 'suivant');
  await waitForFieldError(page, 'nouveau-mot-de-passe');
  await settle(page);
  await at(refused('#/activation/mot-de-passe'));
  await fillNode(page, 'nouveau-mot-de-passe', PASSWORD);
  await fillNode(page, 'confirmation', PASSWORD);
  await activate(page, 'suivant');

  const created = await onScreen(page, '#/activation/identifiant', 'acceder-compte');
  const identifier = widget(created, 'identifiant').label;
  await at('#/activation/identifiant');
  await activate(page, 'acceder-compte');

  // "Mon compte" and its screens.
  await onScreen(page, '#/compte', 'compte.enfant.1.nom');
  await at('#/compte');
  await activate(page, 'services');
  await onScreen(page, '#/compte/services', 'services.1.service.0');
  await at('#/compte/services');
  await activate(page, 'retour');
  for (const [button, route, field, submit] of [
    ['compte.email.modifier', '#/compte/email', 'email', 'envoyer-code'],
    ['compte.telephone.modifier', '#/compte/telephone', 'telephone', 'envoyer-code'],
    ['compte.mot-de-passe.modifier', '#/compte/mot-de-passe', 'mot-de-passe-actuel', 'enregistrer'],
    ['ajout-eleve', '#/compte/ajout-eleve', 'autre-identifiant', 'ajouter'],
  ]) {
    await onScreen(page, '#/compte', button);
    await activate(page, button);
    await onScreen(page, route, field);
    await at(route);
    await activate(page, submit);
    await waitForFieldError(page, field);
    await settle(page);
    await at(refused(route));
    await activate(page, 'retour');
  }
  await onScreen(page, '#/compte', 'se-deconnecter');
  await activate(page, 'se-deconnecter');

  // The recoveries.
  await onScreen(page, '#/connexion', 'identifiant-oublie');
  await activate(page, 'identifiant-oublie');
  await onScreen(page, '#/identifiant-oublie', 'envoyer');
  await at('#/identifiant-oublie');
  await activate(page, 'envoyer');
  await waitForBridge(page, 'the empty recovery refused',
                      (s) => ['telephone', 'email'].some((id) => widget(s, id) && errorOf(s, id)));
  await settle(page);
  await at(refused('#/identifiant-oublie'));
  await activate(page, 'precedent');
  await onScreen(page, '#/connexion', 'mot-de-passe-oublie');
  await activate(page, 'mot-de-passe-oublie');
  await onScreen(page, '#/mot-de-passe-oublie', 'identifiant');
  await at('#/mot-de-passe-oublie');
  await activate(page, 'suivant');
  await waitForFieldError(page, 'identifiant');
  await settle(page);
  await at(refused('#/mot-de-passe-oublie'));
  await fillNode(page, 'identifiant', identifier);
  const before = (await outbox(base, DUPONT_PHONE)).length;
  await activate(page, 'suivant');
  await onScreen(page, '#/mot-de-passe-oublie/code', 'code');
  await at('#/mot-de-passe-oublie/code');
  await activate(page, 'valider');
  await waitForFieldError(page, 'code');
  await settle(page);
  await at(refused('#/mot-de-passe-oublie/code'));
  await fillNode(page, 'code', await newCode(base, DUPONT_PHONE, before));
  await activate(page, 'valider');
  await onScreen(page, '#/mot-de-passe-oublie/nouveau', 'nouveau-mot-de-passe');
  await at('#/mot-de-passe-oublie/nouveau');
  await activate(page, 'valider');
  await waitForFieldError(page, 'nouveau-mot-de-passe');
  await settle(page);
  await at(refused('#/mot-de-passe-oublie/nouveau'));

  // Opened directly: a new page load, as FranceConnect's redirect does.
  await page.goto('about:blank');
  await page.goto(base + '/#/franceconnect/echec/access_denied');
  await onScreen(page, '#/franceconnect/echec/access_denied', 'alerte.franceconnect');
  await at('#/franceconnect/echec/access_denied');

  await page.goto(base + '/#/accessibilite');
  const shown = await waitForBridge(page, 'a screen for #/accessibilite',
                                    (s) => s.route !== '#/franceconnect/echec/access_denied' && s).catch(() => null);
  if (shown && shown.route === '#/accessibilite') {
    await settle(page);
    await at('#/accessibilite');
  } else {
    const message = `#/accessibilite skipped: the route shows ${shown ? shown.route : 'nothing'} (no accessibility statement in this build)`;
    skipped.push(message);
    log(message);
  }
  return { visited, skipped, identifier };
}

// Every route the walk must have shown.
export const ROUTES = [
  '#/profil', '#/educonnect', '#/eleve/connexion', '#/eleve/aide', '#/connexion', '#/activation/identite', '#/activation/code', '#/activation/enfants',
  '#/activation/mot-de-passe', '#/activation/identifiant', '#/compte', '#/compte/services', '#/compte/email',
  '#/compte/telephone', '#/compte/mot-de-passe', '#/compte/ajout-eleve', '#/identifiant-oublie',
  '#/mot-de-passe-oublie', '#/mot-de-passe-oublie/code', '#/mot-de-passe-oublie/nouveau',
  '#/franceconnect/echec/access_denied',
];

// ---------------------------------------------------------------------------
// The keyboard.

// The focused element: its node (closest data-node), tag and type.
export async function focused(page) {
  return page.evaluate(() => {
    const a = document.activeElement;
    if (!a || a === document.body || a === document.documentElement) return null;
    const owner = a.closest('[data-node]');
    return { node: owner ? owner.getAttribute('data-node') : null, tag: a.tagName, type: a.type || '', id: a.id || '' };
  });
}
export const describeFocus = (f) => (f ? f.node || `<${f.tag.toLowerCase()}${f.id ? `#${f.id}` : ''}>` : 'body');

// Presses Tab (or Shift+Tab) until the node `id` has the DOM's focus (at most `max`
// presses). Answers the nodes the focus went through on the way.
export async function tabTo(page, id, { back = false, max = 40 } = {}) {
  const key = back ? 'Shift+Tab' : 'Tab';
  const path = [];
  for (let i = 0; i <= max; i++) {
    const f = await focused(page);
    if (f && f.node === id) return path;
    if (i === max) break;
    await page.keyboard.press(key);
    path.push(describeFocus(await focused(page)));
  }
  throw new Error(`${key} did not reach ${id} in ${max} presses; the focus went through: ${path.join(' → ')}`);
}
