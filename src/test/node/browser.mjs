// One headless Debian Chromium, driven by playwright-core, for the Java browser tests (io.jindou.support.Browser).
//
//   node browser.mjs [--chromium /usr/bin/chromium] [--timeout 600]
//
// stdin:  newline-delimited JSON commands   ({"id":"7","cmd":"click","page":"alice","selector":"#send"}, ...)
// stdout: newline-delimited JSON: {"event":"reply","id":"7","ok":true,"value":...} for each command, and
//         {"event":"dialog"|"console"|"pageerror", "page":...} as they happen. First line: {"event":"ready"}.
// Each named page lives in its own browser context (its own cookies and storage: a separate user). Waits are
// Playwright's (they poll the page until the condition holds or the timeout passes); nothing here sleeps.
// Dialogs are recorded and dismissed, so a script that got injected into a page shows up as an event, not a hang.
// The script exits, closing Chromium, when stdin closes, on {"cmd":"exit"}, on a signal, or after --timeout s.

import readline from 'node:readline';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
};
const CHROMIUM = opt('chromium', process.env.JINDOU_CHROMIUM || '/usr/bin/chromium');
const TIMEOUT_S = Number(opt('timeout', '600'));
const WAIT_MS = 15000;
// The flags this machine needs (no network beyond loopback; see the README): no background traffic at all.
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

const emit = (event, fields = {}) => process.stdout.write(JSON.stringify({ event, ...fields }) + '\n');
process.stdout.on('error', () => process.exit(4));

let browser = null;
let exiting = false;
async function exit(reason, code = 0) {
  if (exiting) return;
  exiting = true;
  try { await browser?.close(); } catch { /* leaving anyway */ }
  emit('exit', { reason });
  process.exit(code);
}
setTimeout(() => exit('timeout', 3), TIMEOUT_S * 1000).unref();
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(sig, () => exit(`signal:${sig}`));

if (!existsSync(CHROMIUM)) {
  emit('fatal', { message: `Chromium not found at ${CHROMIUM}: install the Debian package 'chromium'` });
  process.exit(2);
}
browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });

const pages = new Map(); // name -> {context, page, requests}

async function openPage(name) {
  if (pages.has(name)) throw new Error(`page ${name} is already open`);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const requests = [];
  page.on('dialog', (d) => { emit('dialog', { page: name, type: d.type(), message: d.message() }); d.dismiss().catch(() => {}); });
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') emit('console', { page: name, type: m.type(), text: m.text() }); });
  page.on('pageerror', (e) => emit('pageerror', { page: name, message: String(e?.stack || e) }));
  page.on('request', (r) => requests.push({ method: r.method(), url: r.url(), headers: r.headers() }));
  page.on('websocket', (ws) => requests.push({ method: 'WEBSOCKET', url: ws.url(), headers: {} }));
  pages.set(name, { context, page, requests });
}

function get(name) {
  const p = pages.get(name);
  if (!p) throw new Error(`no page named ${name}`);
  return p;
}

const COMMANDS = {
  page: (c) => openPage(c.page),
  goto: async (c) => { await get(c.page).page.goto(c.url, { waitUntil: 'load' }); },
  fill: (c) => get(c.page).page.locator(c.selector).fill(c.value, { timeout: WAIT_MS }),
  click: (c) => get(c.page).page.locator(c.selector).first().click({ timeout: WAIT_MS }),
  // The first element matching `selector` whose text contains `text` (or matches it, with regex), once visible.
  waitText: async (c) => {
    const l = get(c.page).page.locator(c.selector).filter({ hasText: c.regex ? new RegExp(c.text) : c.text }).first();
    await l.waitFor({ state: 'visible', timeout: c.timeoutMs || WAIT_MS });
    return l.textContent();
  },
  waitVisible: (c) => get(c.page).page.locator(c.selector).first().waitFor({ state: 'visible', timeout: c.timeoutMs || WAIT_MS }),
  waitHidden: (c) => get(c.page).page.locator(c.selector).first().waitFor({ state: 'hidden', timeout: c.timeoutMs || WAIT_MS }),
  waitCount: (c) => get(c.page).page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length === n,
    [c.selector, c.count], { timeout: c.timeoutMs || WAIT_MS, polling: 100 }),
  texts: (c) => get(c.page).page.locator(c.selector).allTextContents(),
  count: (c) => get(c.page).page.locator(c.selector).count(),
  url: (c) => get(c.page).page.url(),
  requests: (c) => get(c.page).requests,
  offline: (c) => get(c.page).context.setOffline(Boolean(c.value)),
  screenshot: async (c) => { await get(c.page).page.screenshot({ path: c.path, fullPage: Boolean(c.fullPage) }); },
  close: async (c) => { await get(c.page).context.close(); pages.delete(c.page); },
  exit: () => exit('command'),
};

emit('ready', { chromium: CHROMIUM, version: browser.version() });

readline.createInterface({ input: process.stdin }).on('line', async (line) => {
  let c;
  try {
    c = JSON.parse(line);
  } catch {
    emit('reply', { id: null, ok: false, error: `not JSON: ${line}` });
    return;
  }
  try {
    const run = COMMANDS[c.cmd];
    if (!run) throw new Error(`unknown command ${c.cmd}`);
    const value = await run(c);
    emit('reply', { id: c.id, ok: true, value: value === undefined ? null : value });
  } catch (e) {
    emit('reply', { id: c.id, ok: false, error: String(e?.message || e) });
  }
}).on('close', () => exit('stdin_end'));
