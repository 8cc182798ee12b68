// What the browser tests share: the processes they start (always stopped), the
// page seen through the client's test bridge (window.sesameBridge), input at the
// coordinates it reports (mouse or finger), and the development outbox.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const build = path.resolve(root, process.env.SESAME_BUILD || 'build');
export const server = path.join(build, 'bin', 'sesame-server');
export const admin = path.join(build, 'bin', 'sesame-admin');
export const fcDemo = path.join(build, 'bin', 'sesame-fc-demo');
export const web = path.join(build, 'web');
export const shots = path.join(build, 'e2e');
export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
// The ENT's services of the demo schools ("Accéder à mes services").
export const demoServices = path.join(root, 'server', 'ent_services', 'demo-services.json');

export const STEP_TIMEOUT_MS = 15_000;  // one wait for the page

// ---------------------------------------------------------------------------
// Processes: started here, always stopped here.

export const cleanups = [];
export async function cleanup() {
  while (cleanups.length) {
    try {
      await cleanups.pop()();
    } catch (error) {
      console.error('cleanup:', error.message);
    }
  }
}

// Bounds a whole run: past `totalMs`, or on SIGINT/SIGTERM, what it started is
// cleaned up and the process exits (1, or 130 when interrupted). Answers the
// timer, for clearTimeout once the run is over.
export function guardRun(totalMs, report) {
  const watchdog = setTimeout(async () => {
    report(`the run took more than ${totalMs / 1000} s`);
    await cleanup();
    process.exit(1);
  }, totalMs);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, async () => {
      await cleanup();
      process.exit(130);
    });
  }
  return watchdog;
}

// Debian's Chromium, headless, rendering WebGL2 with SwiftShader; never a downloaded browser.
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--use-gl=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
];
export function launchChromium(chromium) {
  return chromium.launch({ executablePath: chromiumPath, timeout: 30_000, args: CHROMIUM_ARGS });
}

// A server on a free loopback port with development aids (the outbox); resolves with its base URL.
// `programs` lets a caller (the bench) serve another build than SESAME_BUILD's.
export function startServer(db, extraArgs = [], listen = '127.0.0.1:0', programs = {}) {
  const executable = programs.server || server;
  const webRoot = programs.web || web;
  return new Promise((resolve, reject) => {
    const child = spawn(executable, ['--listen', listen, '--db', db, '--web', webRoot, '--dev', ...extraArgs],
                        { stdio: ['ignore', 'pipe', 'pipe'] });
    const log = [];
    cleanups.push(() => stopProcess(child));
    const timer = setTimeout(() => reject(new Error('the server printed no address:\n' + log.join(''))),
                             STEP_TIMEOUT_MS);
    const read = (chunk) => {
      log.push(chunk.toString());
      // The listening line: other lines may name other addresses (FranceConnect's issuer).
      const match = log.join('').match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
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

// A fresh copy of the demo data served by its own server, with the demo's ENT
// services: journeys that create accounts do not share the per-number SMS budget.
export async function demoServer() {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'sesame-e2e-'));
  cleanups.push(() => fs.rmSync(temp, { recursive: true, force: true }));
  const db = path.join(temp, 'sesame.db');
  execFileSync(admin, ['demo', '--db', db], { stdio: 'pipe', timeout: 30_000 });
  const { base } = await startServer(db, ['--services', demoServices]);
  return base;
}

// A port free on 127.0.0.1 right now (for two programs that must know each other's address).
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// The demo data served with FranceConnect on: sesame-fc-demo on its own port and
// the server registered with it. Answers both base URLs.
export async function franceConnectServers() {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'sesame-e2e-fc-'));
  cleanups.push(() => fs.rmSync(temp, { recursive: true, force: true }));
  const db = path.join(temp, 'sesame.db');
  execFileSync(admin, ['demo', '--db', db], { stdio: 'pipe', timeout: 30_000 });
  const secret = path.join(temp, 'fc-secret');
  fs.writeFileSync(secret, 'e2e-secret-' + process.pid, { mode: 0o600 });
  const [serverPort, providerPort] = [await freePort(), await freePort()];
  const base = `http://127.0.0.1:${serverPort}`;
  const provider = `http://127.0.0.1:${providerPort}`;
  const demo = spawn(fcDemo, ['--listen', `127.0.0.1:${providerPort}`, '--client-secret-file', secret,
                              '--redirect-uri', `${base}/api/v1/franceconnect/callback`,
                              '--post-logout-redirect-uri', `${base}/`], { stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(() => stopProcess(demo));
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    try {
      if ((await fetch(`${provider}/api/v2/.well-known/openid-configuration`)).ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error('sesame-fc-demo did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await startServer(db, ['--services', demoServices, '--fc-issuer', `${provider}/api/v2`,
                         '--fc-client-id', 'sesame-demo', '--fc-client-secret-file', secret],
                    `127.0.0.1:${serverPort}`);
  return { base, provider };
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

export async function bridgeState(page) {
  try {
    return await page.evaluate(() => (window.sesameBridge ? window.sesameBridge.state() : null));
  } catch (error) {
    // A navigation in progress (a redirect back from another site): no page to ask yet.
    if (/Execution context was destroyed|navigation/i.test(error.message)) return null;
    throw error;
  }
}

// Polls fn(state) until it returns a truthy value; fails with what was expected.
export async function waitForBridge(page, what, fn, timeout = STEP_TIMEOUT_MS) {
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

export function widget(state, id) {
  return state.widgets.find((w) => w.id === id) || null;
}

export async function waitForWidget(page, id, check = () => true, what = id) {
  return waitForBridge(page, what, (state) => {
    const w = widget(state, id);
    return w && check(w, state) ? w : null;
  });
}

export const center = (w) => ({ x: w.x + w.width / 2, y: w.y + w.height / 2 });
export const inside = (w, viewport) =>
  w.x >= 0 && w.y >= 0 && w.x + w.width <= viewport.width && w.y + w.height <= viewport.height;

// Scrolls (mouse wheel, or a finger's swipe on touch screens) until the widget is wholly in view.
export async function scrollIntoView(page, id, { touch = false } = {}) {
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
export async function swipe(page, x, fromY, toY, steps = 10) {
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

export async function press(page, w, { touch = false } = {}) {
  const p = center(w);
  if (touch) {
    await page.touchscreen.tap(p.x, p.y);
  } else {
    await page.mouse.click(p.x, p.y, { delay: 30 });
  }
}

export async function screenshot(page, name, { touch = false } = {}) {
  // Away from any widget, so none is drawn hovered (a finger leaves nothing hovered).
  if (!touch) await page.mouse.move(2, 2);
  const state = await bridgeState(page);  // null on another site's page (the identity provider's)
  await page.waitForTimeout(150);
  if (state) await waitForBridge(page, 'the page to settle', (s) => s.frame >= state.frame);
  const file = path.join(shots, name);
  await page.screenshot({ path: file });
  console.log(`  screenshot ${path.relative(root, file)}`);
}

// Opens a page, collecting errors the page itself reports.
export async function openPage(browser, base, options) {
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


// Clicks (or taps) a text field, waits for the text agent to take the keyboard, and types.
export async function typeInto(page, id, text, { touch = false } = {}) {
  const field = await scrollIntoView(page, id, { touch });
  await press(page, field, { touch });
  await page.waitForFunction(() => document.activeElement && document.activeElement.tagName === 'INPUT',
                             null, { timeout: STEP_TIMEOUT_MS });
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text, { delay: 15 });
}

export async function pressWidget(page, id, { touch = false } = {}) {
  await press(page, await scrollIntoView(page, id, { touch }), { touch });
}

// The newest SMS code sent to `e164`, read from the development outbox.
export async function latestCode(base, e164) {
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


// The messages queued for `to` in the development outbox, newest first.
export async function outbox(base, to) {
  const res = await fetch(`${base}/api/v1/dev/outbox?to=${encodeURIComponent(to)}`);
  return res.json();
}

// The code of the first message sent to `to` after `before` messages were already there.
export async function newCode(base, to, before) {
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
export async function createDemoAccount(base, password = 'Ecole2026μ!') {
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
