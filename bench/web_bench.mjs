// The web half of `make bench`: what a parent's browser downloads and waits for
// before Sésame's first screen, and whether the page stays still when nothing happens.
//
//   node bench/web_bench.mjs --server build/bin/sesame-server --web build/web [--rounds 5]
//
// It makes a demo database with sesame-admin (beside the server), starts the server
// on a free 127.0.0.1 port, opens the page in Debian's headless Chromium once per
// round, each time in a fresh browser context (cold cache, viewport 1280×800 at 1×),
// and stops everything it started, even on failure. Progress goes to stderr; the
// LAST stdout line is one JSON object:
//
//   web_first_load_gzip_bytes  the bodies of every response the page received before its
//                              first frame, as the server sent them (compressed or not;
//                              the name is the bench's, the encoding is whatever was sent)
//   first_frame_ms             navigation start to the `sesame-first-frame` mark, median of the rounds
//   idle_frames_per_s          frames drawn over 3 s with no input once the first screen settled
//                              (the worst round)
//
// and detail keys (each file's bytes and encoding, each round's figures).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { chromium } from 'playwright-core';

import { cleanup, cleanups, guardRun, launchChromium, startServer } from '../tests/e2e/support.mjs';

const VIEWPORT = { width: 1280, height: 800 };
const IDLE_WINDOW_MS = 3000;
const SETTLE_QUIET_MS = 500;       // no new frame for this long: the page has settled
const STEP_TIMEOUT_MS = 30_000;    // one wait for the page
const TOTAL_TIMEOUT_MS = 300_000;  // the whole run, whatever happens
const FIRST_FRAME_MARK = 'sesame-first-frame';

const log = (...args) => console.error('[web_bench]', ...args);

function options() {
  const { values } = parseArgs({
    options: {
      server: { type: 'string' },
      web: { type: 'string' },
      rounds: { type: 'string', default: '5' },
      // Where the time goes: a DevTools CPU profile of round 1's page load, up to the first frame
      // (open it in Chromium's DevTools; link with --profiling-funcs to see C++ names).
      'cpu-profile': { type: 'string' },
    },
  });
  const rounds = Number.parseInt(values.rounds, 10);
  if (!values.server || !values.web || !(rounds >= 1 && rounds <= 50)) {
    throw new Error('usage: node bench/web_bench.mjs --server <sesame-server> --web <web dir> [--rounds 1..50]');
  }
  const server = path.resolve(values.server);
  const web = path.resolve(values.web);
  const admin = path.join(path.dirname(server), 'sesame-admin');
  for (const file of [server, admin, path.join(web, 'index.html')]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: build first`);
  }
  const cpuProfile = values['cpu-profile'] ? path.resolve(values['cpu-profile']) : null;
  return { server, web, admin, rounds, cpuProfile };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// Every network request of the page through the DevTools protocol.
//
// Bytes: Network.loadingFinished's encodedDataLength is everything received for the
// request (status line and headers included, over HTTP/1.1); the response's
// encodedDataLength at Network.responseReceived is what had arrived by then, the
// headers. Their difference is the body exactly as it crossed the wire, compressed if
// the server compressed it: that is what the figure is about, and it needs no
// knowledge of the encodings. Content-Length (always sent by this server) is kept
// beside it as a check, and Resource Timing's encodedBodySize too.
function watchNetwork(cdp) {
  const requests = new Map();  // requestId -> what we know of it
  cdp.on('Network.requestWillBeSent', (e) => {
    requests.set(e.requestId, { url: e.request.url, headerBytes: 0, totalBytes: null, failed: null });
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = requests.get(e.requestId);
    if (!r) return;
    const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    r.status = e.response.status;
    r.headerBytes = e.response.encodedDataLength;
    r.contentEncoding = headers['content-encoding'] || 'identity';
    r.contentLength = headers['content-length'] !== undefined ? Number(headers['content-length']) : null;
    r.contentType = headers['content-type'] || '';
    r.protocol = e.response.protocol;
    r.fromCache = r.fromCache || e.response.fromDiskCache || e.response.fromPrefetchCache || false;
  });
  cdp.on('Network.requestWillBeSentExtraInfo', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.acceptEncoding = e.headers['Accept-Encoding'] || e.headers['accept-encoding'];
  });
  // A copy from the memory cache (the favicon asked twice): nothing crossed the wire.
  cdp.on('Network.requestServedFromCache', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.fromCache = true;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.totalBytes = e.encodedDataLength;
  });
  cdp.on('Network.loadingFailed', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.failed = e.errorText;
  });
  return requests;
}

function bodyBytes(r) {
  if (r.totalBytes === null || r.fromCache) return 0;
  return Math.max(0, r.totalBytes - r.headerBytes);
}

// Polls fn() in the page until it answers something other than null.
async function waitInPage(page, what, fn, arg) {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    const result = await page.evaluate(fn, arg);
    if (result !== null && result !== undefined) return result;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(20);
  }
}

// The frame counter once no frame was drawn for SETTLE_QUIET_MS.
async function settledFrame(page) {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  let frame = await page.evaluate(() => window.sesameBridge.frame());
  let quietSince = Date.now();
  while (Date.now() - quietSince < SETTLE_QUIET_MS) {
    if (Date.now() > deadline) throw new Error('the page never stopped drawing');
    await page.waitForTimeout(50);
    const now = await page.evaluate(() => window.sesameBridge.frame());
    if (now !== frame) {
      frame = now;
      quietSince = Date.now();
    }
  }
  return frame;
}

async function round(browser, base, index, cpuProfile = null) {
  // A fresh context: no HTTP cache, no compiled-code cache, no localStorage.
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, locale: 'fr-FR' });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    const cdp = await context.newCDPSession(page);
    const requests = watchNetwork(cdp);
    await cdp.send('Network.enable');
    if (cpuProfile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }

    await page.goto(base + '/', { waitUntil: 'commit' });
    // Navigation start is the page's time origin, so the mark's startTime is the time to the first frame.
    const firstFrameMs = await waitInPage(page, 'the first frame', (mark) => {
      const entry = performance.getEntriesByName(mark, 'mark')[0];
      return entry ? entry.startTime : null;
    }, FIRST_FRAME_MARK);
    if (cpuProfile) {
      const { profile } = await cdp.send('Profiler.stop');
      fs.writeFileSync(cpuProfile, JSON.stringify(profile));
      log(`CPU profile of round ${index} written to ${cpuProfile}`);
    }
    // The first screen, as the parent sees it: its profiles are drawn.
    await waitInPage(page, 'the first screen', () => {
      const b = window.sesameBridge;
      if (!b) return null;
      const s = b.state();
      return s.route === '#/profil' && s.widgets.some((w) => w.id === 'profil.parent') ? true : null;
    });

    // What arrived before the first frame, in the page's own clock (the mark's).
    const timings = await page.evaluate((mark) => {
      const at = performance.getEntriesByName(mark, 'mark')[0].startTime;
      return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
        .map((e) => ({ url: e.name, start: e.startTime, end: e.responseEnd, encodedBodySize: e.encodedBodySize,
                       decodedBodySize: e.decodedBodySize, beforeFirstFrame: e.responseEnd > 0 && e.responseEnd <= at }));
    }, FIRST_FRAME_MARK);

    // Idle: nothing touches the page; frames drawn over IDLE_WINDOW_MS.
    const idleFrom = await settledFrame(page);
    const idleStarted = Date.now();
    await page.waitForTimeout(IDLE_WINDOW_MS);
    const idleTo = await page.evaluate(() => window.sesameBridge.frame());
    const idleFramesPerS = ((idleTo - idleFrom) * 1000) / (Date.now() - idleStarted);

    // Each request the page finished before the first frame, matched to the network's
    // record of it (same URL, in order: a file fetched twice counts twice).
    const pool = [...requests.values()].filter((r) => r.totalBytes !== null || r.fromCache);
    const files = [];
    for (const t of timings.filter((x) => x.beforeFirstFrame)) {
      const i = pool.findIndex((r) => r.url.split('#')[0] === t.url.split('#')[0]);
      if (i < 0) throw new Error(`no network record of ${t.url}`);
      const [r] = pool.splice(i, 1);
      const bytes = bodyBytes(r);
      if (!r.fromCache && r.contentLength !== null && r.contentLength !== bytes) {
        log(`round ${index}: ${t.url}: ${bytes} body bytes on the wire, Content-Length ${r.contentLength}`);
      }
      files.push({
        path: new URL(r.url).pathname,
        status: r.status,
        bytes,
        encoding: r.fromCache ? 'memory cache' : r.contentEncoding,
        decoded_bytes: t.decodedBodySize,
        resource_timing_encoded_bytes: t.encodedBodySize,
        accept_encoding: r.acceptEncoding,
        start_ms: Math.round(t.start),
        end_ms: Math.round(t.end),
      });
    }
    const later = timings.filter((x) => !x.beforeFirstFrame).map((x) => new URL(x.url).pathname);
    const failed = [...requests.values()].filter((r) => r.failed).map((r) => `${r.url}: ${r.failed}`);
    if (errors.length || failed.length) throw new Error(`the page failed: ${[...errors, ...failed].join('; ')}`);
    await cdp.detach();
    return { firstFrameMs, idleFramesPerS, files, later };
  } finally {
    await context.close();
  }
}

async function main() {
  const { server, web, admin, rounds, cpuProfile } = options();
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'sesame-web-bench-'));
  cleanups.push(() => fs.rmSync(temp, { recursive: true, force: true }));
  const db = path.join(temp, 'sesame.db');
  execFileSync(admin, ['demo', '--db', db], { stdio: 'pipe', timeout: 60_000 });
  const { base } = await startServer(db, [], '127.0.0.1:0', { server, web });
  log(`server ${base}, web ${web}`);
  const browser = await launchChromium(chromium);
  cleanups.push(() => browser.close());

  const results = [];
  for (let i = 1; i <= rounds; i++) {
    const r = await round(browser, base, i, i === 1 ? cpuProfile : null);
    const total = r.files.reduce((sum, f) => sum + f.bytes, 0);
    log(`round ${i}: first frame ${r.firstFrameMs.toFixed(1)} ms, ${total} bytes in ${r.files.length} responses, ` +
        `idle ${r.idleFramesPerS.toFixed(2)} frames/s`);
    results.push({ ...r, total });
  }

  // Each file of the heaviest round (a response that came before the first frame in
  // one round may come after it in another: an API answer racing the first frame).
  const heaviest = results.reduce((a, b) => (b.total > a.total ? b : a));
  const perFile = {};
  for (const f of heaviest.files) {
    let key = f.path;
    for (let n = 2; perFile[key]; n++) key = `${f.path} (${n})`;
    perFile[key] = { bytes: f.bytes, encoding: f.encoding, decoded_bytes: f.decoded_bytes, status: f.status };
  }
  // When each file came, in the round of the median first frame: where the time goes.
  const byTime = [...results].sort((a, b) => a.firstFrameMs - b.firstFrameMs);
  const typical = byTime[Math.floor((byTime.length - 1) / 2)];
  const timeline = Object.fromEntries(typical.files.map((f, i) => [`${i + 1} ${f.path}`, [f.start_ms, f.end_ms]]));
  timeline['first frame'] = Math.round(typical.firstFrameMs);
  return {
    web_first_load_gzip_bytes: Math.max(...results.map((r) => r.total)),
    first_frame_ms: Math.round(median(results.map((r) => r.firstFrameMs)) * 10) / 10,
    idle_frames_per_s: Math.max(...results.map((r) => Math.round(r.idleFramesPerS * 100) / 100)),
    web_first_load_files: perFile,
    web_first_load_bytes_rounds: results.map((r) => r.total),
    web_accept_encoding: results[0].files[0] ? results[0].files[0].accept_encoding : null,
    web_after_first_frame: heaviest.later,
    first_frame_ms_rounds: results.map((r) => Math.round(r.firstFrameMs * 10) / 10),
    first_frame_timeline_ms: timeline,
    idle_frames_per_s_rounds: results.map((r) => Math.round(r.idleFramesPerS * 100) / 100),
    web_viewport: `${VIEWPORT.width}x${VIEWPORT.height}@1`,
    web_rounds: rounds,
  };
}

const watchdog = guardRun(TOTAL_TIMEOUT_MS, log);

let code = 1;
try {
  const figures = await main();
  console.log(JSON.stringify(figures));
  code = 0;
} catch (error) {
  log(`failed: ${error.stack || error}`);
} finally {
  clearTimeout(watchdog);
  await cleanup();
}
process.exit(code);
