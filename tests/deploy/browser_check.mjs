// The web client loaded in Debian's Chromium through nginx, under the site's
// Content-Security-Policy: it must draw its first frame with no CSP violation
// and no policy complaint on the console. Run by nginx_test.py, which has
// already verified the certificate itself (hence ignoreHTTPSErrors here).
//
//   node tests/deploy/browser_check.mjs https://127.0.0.1:PORT/ SCREENSHOT.png
//
// Prints one line of what it saw; exits 1 with the reason on failure.
import assert from 'node:assert/strict';

import { chromium } from 'playwright-core';

import { STEP_TIMEOUT_MS, launchChromium, waitForBridge, widget } from '../e2e/support.mjs';

const [url, screenshotPath] = process.argv.slice(2);
if (!url || !screenshotPath) {
  console.error('usage: browser_check.mjs URL SCREENSHOT.png');
  process.exit(2);
}

// Console lines that tell a policy blocked or ignored something.
const POLICY_MESSAGE = /Content Security Policy|Content-Security-Policy|Permissions-Policy|Refused to|violates/i;

async function check(browser) {
  const context = await browser.newContext({
    ignoreHTTPSErrors: true, locale: 'fr-FR', viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1,
  });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    const problems = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || POLICY_MESSAGE.test(message.text())) {
        problems.push(`console ${message.type()}: ${message.text()}`);
      }
    });
    // Before any script of the page: every violation is recorded, reported or not on the console.
    await page.addInitScript(() => {
      window.sesameCspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.sesameCspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'}`);
      });
    });

    const response = await page.goto(url);
    assert.equal(response.status(), 200, `GET ${url}`);
    const csp = response.headers()['content-security-policy'];
    assert.ok(csp && csp.includes("'wasm-unsafe-eval'"), `the page came without the site's CSP: ${csp}`);
    const state = await waitForBridge(page, 'the first screen drawn by the wasm client',
                                      (s) => s.route === '#/profil' && widget(s, 'profil.parent') && s);
    // The configuration request has answered (no alert drawn about it) and a few more frames went by.
    assert.equal(widget(state, 'alerte.configuration'), null, 'the client could not read /api/v1/config');
    await page.waitForTimeout(300);
    await page.mouse.move(2, 2);
    await page.screenshot({ path: screenshotPath });

    const violations = await page.evaluate(() => window.sesameCspViolations);
    assert.deepEqual(violations, [], 'CSP violations while loading the client');
    assert.deepEqual(problems, [], 'errors or policy messages on the console');

    // The positive control: the policy is enforced (an inline script does not
    // run) and the listener above does see the violation it causes.
    const inlineRan = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.sesameInlineRan = true;';
      document.head.appendChild(script);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return window.sesameInlineRan === true;
    });
    assert.equal(inlineRan, false, 'the CSP let an inline script run');
    // The event is dispatched a moment after the refusal.
    await page.waitForFunction(() => window.sesameCspViolations.some((v) => v.startsWith('script-src')),
                               null, { timeout: 5_000 });
    return `frame ${state.frame}, route ${state.route}; an inline script was refused; ${screenshotPath}`;
  } finally {
    await context.close();
  }
}

const watchdog = setTimeout(() => {
  console.error('browser check: more than 50 s');
  process.exit(1);
}, 50_000);
let browser;
let code = 0;
try {
  browser = await launchChromium(chromium);
  console.log(await check(browser));
} catch (error) {
  console.error(String(error.stack || error));
  code = 1;
} finally {
  if (browser) await browser.close().catch(() => {});
  clearTimeout(watchdog);
}
process.exit(code);
