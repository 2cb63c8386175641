// Browser-test harness for Passerelles.
//
// One journey = one file under e2e/journeys/. A journey file calls `useServer()`
// once at top level: that registers node:test `before`/`after` hooks which start
// the server (fresh temporary SQLite database, free loopback port) and headless
// Chromium, then stop both. Tests open pages with `app.newPage()` and check
// every page they reach with `checkPage(page, name)`.
//
//   import { test } from 'node:test';
//   import { useServer, signIn, checkPage } from '../lib/harness.js';
//   const app = useServer();
//   test('an agent reads the workshops', async () => {
//     const page = await app.newPage();
//     await signIn(page, 'cdubois');
//     await page.goto('/ateliers');
//     await checkPage(page, 'agent-ateliers');
//   });
//
// Environment:
//   PASSERELLES_BIN   server binary (default: target/debug/passerelles in the repo)
//   CHROMIUM_PATH     browser (default: /usr/bin/chromium, Debian's package)
//   E2E_KEEP_TMP=1    keep the temporary database directory after the run

import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const here = path.dirname(fileURLToPath(import.meta.url));
export const E2E_DIR = path.resolve(here, '..');
export const REPO_ROOT = path.resolve(E2E_DIR, '..');
export const SCREENSHOT_DIR = path.join(E2E_DIR, 'screenshots');
export const RESULTS_DIR = path.join(E2E_DIR, 'test-results');

/** Password of every demo account (demo LDIF directory). */
export const DEMO_PASSWORD = 'bourges2026';

/** Demo accounts, by role, with what their dashboard greets and their nav shows. */
export const DEMO_ACCOUNTS = {
  agent: { username: 'cdubois', firstName: 'Camille' },
  manager: { username: 'tmoreau', firstName: 'Thierry' },
  elu: { username: 'mvasseur', firstName: 'Martine' },
  rh: { username: 'cbonnet', firstName: 'Claire' },
  admin: { username: 'lmartin', firstName: 'Lucas' },
};

/** axe-core rule tags: WCAG 2.1 levels A and AA. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export const VIEWPORT = { width: 1280, height: 800 };

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

const HEALTH_TIMEOUT_MS = 30_000;
// Playwright's default is 30 s; pages of a local debug build answer well under that.
const ACTION_TIMEOUT_MS = 15_000;

// ---------------------------------------------------------------------------
// Server and browser lifecycle
// ---------------------------------------------------------------------------

/** A free TCP port on the loopback interface. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no server log)';
  }
}

/**
 * Starts the server binary on a free loopback port with a fresh SQLite
 * database in a new temporary directory, and waits for GET /health.
 * Returns { baseURL, port, pid, logFile, stop() }.
 */
export async function startServer({ label = 'server' } = {}) {
  const bin = path.resolve(
    REPO_ROOT,
    process.env.PASSERELLES_BIN || path.join('target', 'debug', 'passerelles'),
  );
  if (!fs.existsSync(bin)) {
    throw new Error(`server binary not found: ${bin} (run \`cargo build --bin passerelles\`)`);
  }
  const port = await freePort();
  const tmpDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'passerelles-e2e-'));
  await fsp.mkdir(RESULTS_DIR, { recursive: true });
  const logFile = path.join(RESULTS_DIR, `${label}.server.log`);
  const logFd = fs.openSync(logFile, 'w');

  const child = spawn(bin, [], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      ROCKET_PROFILE: process.env.ROCKET_PROFILE || 'debug',
      ROCKET_ADDRESS: '127.0.0.1',
      ROCKET_PORT: String(port),
      DATABASE_URL: `sqlite://${path.join(tmpDir, 'e2e.db')}`,
      ROCKET_CLI_COLORS: 'false',
    },
    stdio: ['ignore', logFd, logFd],
  });
  fs.closeSync(logFd);

  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });
  // Never leave the server behind, even if the test process dies.
  const killOnExit = () => {
    if (exited === null) child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);

  const baseURL = `http://127.0.0.1:${port}`;

  const stop = async () => {
    process.off('exit', killOnExit);
    if (exited === null) {
      child.kill('SIGTERM');
      for (let i = 0; i < 50 && exited === null; i++) await sleep(100);
      if (exited === null) {
        child.kill('SIGKILL');
        for (let i = 0; i < 20 && exited === null; i++) await sleep(100);
      }
    }
    if (!process.env.E2E_KEEP_TMP) {
      await fsp.rm(tmpDir, { recursive: true, force: true });
    }
  };

  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  for (;;) {
    if (exited !== null) {
      await stop();
      throw new Error(
        `server exited before it was ready (${JSON.stringify(exited)}); log ${logFile}:\n${tail(logFile)}`,
      );
    }
    try {
      const res = await fetch(`${baseURL}/health`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server not healthy after ${HEALTH_TIMEOUT_MS} ms; log ${logFile}:\n${tail(logFile)}`);
    }
    await sleep(100);
  }

  return { baseURL, port, pid: child.pid, logFile, tmpDir, stop };
}

/** Launches Debian's headless Chromium through playwright-core. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * Registers before/after hooks for the calling journey file: one server and
 * one browser for the whole file. Returns a handle whose fields are filled in
 * once `before` has run:
 *   app.baseURL, app.server, app.browser,
 *   app.newPage()  → a page in a fresh browser context (no cookies),
 *                    1280x800, fr-FR, Europe/Paris, relative URLs allowed.
 */
export function useServer({ label } = {}) {
  const name = label || journeyLabel();
  const contexts = [];
  const app = {
    server: null,
    browser: null,
    baseURL: null,
    async newContext(options = {}) {
      const context = await app.browser.newContext({
        baseURL: app.baseURL,
        viewport: VIEWPORT,
        locale: 'fr-FR',
        timezoneId: 'Europe/Paris',
        ...options,
      });
      context.setDefaultTimeout(ACTION_TIMEOUT_MS);
      context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
      contexts.push(context);
      return context;
    },
    async newPage(options = {}) {
      const context = await app.newContext(options);
      const page = await context.newPage();
      watchPage(page);
      return page;
    },
  };

  before(async () => {
    htmlCheckDir = await fsp.mkdtemp(path.join(os.tmpdir(), `passerelles-html-${name}-`));
    app.server = await startServer({ label: name });
    app.baseURL = app.server.baseURL;
    try {
      app.browser = await launchBrowser();
    } catch (err) {
      await app.server.stop();
      throw err;
    }
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    if (app.browser) await app.browser.close().catch(() => {});
    if (app.server) await app.server.stop();
    const dir = htmlCheckDir;
    htmlCheckDir = null;
    const errors = await nuHtmlErrors(dir);
    await fsp.rm(dir, { recursive: true, force: true });
    assert.deepEqual(errors, [], `the Nu HTML checker found ${errors.length} error(s):\n${errors.join('\n')}`);
  });

  return app;
}

// The journey file that called useServer(), for naming the server log.
function journeyLabel() {
  const stack = new Error().stack || '';
  const match = stack.match(/journeys\/([\w.-]+?)(?:\.test)?\.js/);
  return match ? match[1] : `journey-${process.pid}`;
}

// ---------------------------------------------------------------------------
// Page problems the browser reports (script errors, CSP violations…)
// ---------------------------------------------------------------------------

const pageProblems = new WeakMap();
// The last HTML document each page received from the server, as sent.
const lastDocuments = new WeakMap();

function watchPage(page) {
  const problems = [];
  pageProblems.set(page, problems);
  page.on('response', (response) => {
    if (response.request().resourceType() === 'document' && response.frame() === page.mainFrame()) {
      lastDocuments.set(page, response);
    }
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    // Expected HTTP errors (the 403 page, the wrong password…) are not page problems.
    if (/^Failed to load resource: the server responded with a status of (401|403|404|422|429)\b/.test(text)) {
      return;
    }
    problems.push(`console error: ${text}`);
  });
}

// ---------------------------------------------------------------------------
// Helpers for journeys
// ---------------------------------------------------------------------------

/**
 * Signs in through the form at /connexion and waits to leave it.
 * Fails with the page's error message if the sign-in is refused.
 */
export async function signIn(page, username, password = DEMO_PASSWORD) {
  await page.goto('/connexion');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: 'Se connecter' }).click(),
  ]);
  const url = new URL(page.url());
  if (url.pathname === '/connexion') {
    const alert = await page.locator('[role="alert"]').allInnerTexts();
    throw new Error(`sign-in refused for ${username}: ${alert.join(' ') || '(no message)'}`);
  }
}

/** Signs out with the header's "Se déconnecter" button. */
export async function signOut(page) {
  await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: 'Se déconnecter' }).click(),
  ]);
}

/** The hrefs of the main navigation, in order. */
export async function navLinks(page) {
  return page
    .locator('nav[aria-label="Navigation principale"] a')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
}

function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => {
          const summary = (n.failureSummary || '').split('\n').slice(1).map((l) => l.trim()).filter(Boolean);
          return `      - ${n.target.join(' ')}${summary.length ? `\n        ${summary.join('\n        ')}` : ''}`;
        })
        .join('\n');
      return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}`;
    })
    .join('\n');
}

/** Runs axe-core with the WCAG 2.1 A/AA rules; returns the violations. */
export async function axeViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return results.violations;
}

/**
 * Checks the page as it stands and saves its screenshot:
 *  - no axe-core violation of WCAG 2.1 A/AA,
 *  - exactly one h1,
 *  - <html lang="fr">,
 *  - a <title> naming Passerelles and where one is,
 *  - no script error or CSP violation in the console.
 * Saves a full-page screenshot to e2e/screenshots/<name>.png (even when a
 * check fails, to help see why), then fails listing every problem found.
 * Returns { title, h1 }.
 */
export async function checkPage(page, name) {
  assert.match(name, /^[a-z0-9][a-z0-9-]*$/, `screenshot name must be lower-case-hyphenated: ${name}`);
  await page.waitForLoadState('load');
  const problems = [];

  const violations = await axeViolations(page);
  if (violations.length > 0) {
    problems.push(`axe-core WCAG 2.1 A/AA violations (${violations.length}):\n${formatViolations(violations)}`);
  }

  const h1s = await page.locator('h1').allInnerTexts();
  if (h1s.length !== 1) {
    problems.push(`expected exactly one h1, found ${h1s.length}: ${JSON.stringify(h1s)}`);
  }

  const lang = await page.evaluate(() => document.documentElement.getAttribute('lang'));
  if (lang !== 'fr') problems.push(`expected <html lang="fr">, found lang=${JSON.stringify(lang)}`);

  const title = (await page.title()).trim();
  const where = title
    .replace(/Passerelles/g, '')
    .replace(/Ville de Bourges/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');
  if (!title) {
    problems.push('empty <title>');
  } else if (!title.includes('Passerelles')) {
    problems.push(`<title> does not name Passerelles: ${JSON.stringify(title)}`);
  } else if (where.length < 2) {
    problems.push(`<title> does not say where one is: ${JSON.stringify(title)}`);
  }

  const reported = pageProblems.get(page) || [];
  if (reported.length > 0) {
    problems.push(`browser reported:\n  ${reported.join('\n  ')}`);
    reported.length = 0;
  }

  await fsp.mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  await keepForHtmlCheck(page, name);

  if (problems.length > 0) {
    assert.fail(`page "${name}" (${page.url()}) has ${problems.length} problem(s):\n${problems.join('\n')}`);
  }
  return { title, h1: h1s[0] };
}

// ---------------------------------------------------------------------------
// Valid HTML: the Nu HTML checker (vnu-jar), run once per journey file over
// every page the journey checked, as the server sent it.
// ---------------------------------------------------------------------------

let htmlCheckDir = null;

async function keepForHtmlCheck(page, name) {
  if (!htmlCheckDir) return;
  const response = lastDocuments.get(page);
  let html = null;
  if (response && response.url() === page.url()) {
    html = await response.text().catch(() => null);
  }
  if (html === null) html = await page.content();
  await fsp.writeFile(path.join(htmlCheckDir, `${name}.html`), html);
}

/** Runs vnu over the kept pages; returns its errors, one line each. */
function nuHtmlErrors(dir) {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.html')).map((f) => path.join(dir, f));
  if (files.length === 0) return Promise.resolve([]);
  const jar = path.join(E2E_DIR, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
  return new Promise((resolve, reject) => {
    const child = spawn('java', ['-jar', jar, '--format', 'json', '--exit-zero-always', ...files], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('close', () => {
      let report;
      try {
        report = JSON.parse(out);
      } catch (err) {
        reject(new Error(`the Nu HTML checker did not answer JSON: ${out.slice(0, 500)}`));
        return;
      }
      resolve(report.messages
        .filter((m) => m.type === 'error')
        .map((m) => `${path.basename(decodeURIComponent(m.url || ''))}:${m.lastLine ?? '?'}: ${m.message} « ${(m.extract || '').trim()} »`));
    });
  });
}

// ---------------------------------------------------------------------------
// Keyboard and focus
// ---------------------------------------------------------------------------

// Styles that can show focus; compared between focused and unfocused states.
const FOCUS_STYLE_PROPS = [
  'outlineStyle',
  'outlineWidth',
  'outlineColor',
  'outlineOffset',
  'boxShadow',
  'borderTopColor',
  'borderBottomColor',
  'borderTopWidth',
  'borderBottomWidth',
  'backgroundColor',
  'color',
  'textDecorationLine',
];

/** The focused element: a handle, a short description and its styles. */
export async function activeElement(page) {
  const handle = await page.evaluateHandle(() => document.activeElement);
  const info = await handle.evaluate((el, props) => {
    if (!el || el === document.body || el === document.documentElement) {
      return { isBody: true, describe: el ? el.tagName.toLowerCase() : 'null' };
    }
    const s = getComputedStyle(el);
    const style = {};
    for (const p of props) style[p] = s[p];
    const r = el.getBoundingClientRect();
    const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ');
    const describe =
      el.tagName.toLowerCase() +
      (el.id ? `#${el.id}` : '') +
      (el.classList.length ? `.${[...el.classList].join('.')}` : '') +
      (text ? ` "${text.slice(0, 40)}"` : '');
    return {
      isBody: false,
      describe,
      tag: el.tagName.toLowerCase(),
      id: el.id,
      href: el.getAttribute('href'),
      style,
      rect: { x: r.x, y: r.y, width: r.width, height: r.height },
      viewport: { width: innerWidth, height: innerHeight },
    };
  }, FOCUS_STYLE_PROPS);
  return { handle, ...info };
}

function isTransparent(color) {
  return !color || color === 'transparent' || /rgba\([^)]*,\s*0\)$/.test(color);
}

/** Why a focused element's own styles show no focus indicator, or null if they do. */
export function focusIndicatorProblem(focused) {
  const s = focused.style;
  const outline =
    s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1 && !isTransparent(s.outlineColor);
  const shadow = s.boxShadow && s.boxShadow !== 'none';
  if (!outline && !shadow) {
    return `no outline nor box-shadow (outline: ${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}; box-shadow: ${s.boxShadow})`;
  }
  const r = focused.rect;
  if (r.width < 1 || r.height < 1) return `focused element has no size (${r.width}x${r.height})`;
  if (r.x + r.width <= 0 || r.y + r.height <= 0 || r.x >= focused.viewport.width || r.y >= focused.viewport.height) {
    return `focused element is off screen at (${r.x}, ${r.y})`;
  }
  return null;
}

/** Styles of an element handle now (used once focus has moved away). */
async function stylesOf(handle) {
  return handle.evaluate((el, props) => {
    const s = getComputedStyle(el);
    const style = {};
    for (const p of props) style[p] = s[p];
    return style;
  }, FOCUS_STYLE_PROPS);
}

function styleDiff(a, b) {
  return FOCUS_STYLE_PROPS.filter((p) => a[p] !== b[p]);
}

/**
 * Walks the page with Tab, from where sequential focus navigation starts
 * (the top of the page right after a load), checking at every stop that the
 * focused element shows a visible focus indicator (outline or box-shadow, on
 * screen) and that its styles differ from its unfocused state (measured once
 * focus has moved on). Stops when focus leaves the page, wraps around,
 * `until(stop)` returns true (that element stays focused), or after `max`
 * stops. Returns the stops ({ describe, tag, id, href, style, rect }).
 */
export async function tabThrough(page, { until = null, max = 80 } = {}) {
  const stops = [];
  const handles = [];
  const problems = [];
  let previous = null;
  try {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      const focused = await activeElement(page);
      handles.push(focused.handle);
      if (previous) {
        // Tab inside one field (the day, month and year parts of a date)
        // keeps the focus on it: there is no unfocused state to compare.
        const stayed = await focused.handle.evaluate((el, prev) => el === prev, previous.handle);
        const unfocused = await stylesOf(previous.handle);
        if (!stayed && styleDiff(previous.style, unfocused).length === 0) {
          problems.push(`${previous.describe}: looks the same focused and unfocused`);
        }
        previous = null;
      }
      if (focused.isBody) break;
      if (stops.length > 0 && (await focused.handle.evaluate((el, first) => el === first, handles[0]))) break;
      const problem = focusIndicatorProblem(focused);
      if (problem) problems.push(`${focused.describe}: ${problem}`);
      const { handle, ...stop } = focused;
      stops.push(stop);
      if (until && (await until(stop))) break;
      previous = focused;
    }
  } finally {
    for (const h of handles) await h.dispose().catch(() => {});
  }
  if (problems.length > 0) {
    assert.fail(`focus not visible at ${problems.length} stop(s) on ${page.url()}:\n  ${problems.join('\n  ')}`);
  }
  return stops;
}
