import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { type Clock, systemClock } from '../../server/kernel/clock';
import type { Db } from '../../server/platform/db';
import { answerAxe } from './axe';
import { testApp } from './http';
import { PASSWORD } from './factories';

/**
 * Debian's Chromium. Its headless shell (package chromium-headless-shell: the same Blink and V8,
 * built by Debian from the same source, without the desktop browser around them) when installed:
 * the browser files used 35 % less CPU with it (BENCHMARKS.md, "The test suite's time"); otherwise
 * the full browser. CHROMIUM_PATH chooses another.
 */
export const CHROMIUM =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium-headless-shell') ? '/usr/bin/chromium-headless-shell' : '/usr/bin/chromium');

/** The app on an ephemeral port, for a real browser; `env` adds settings (e.g. DATA_DIR for the SMS sink), `clock` a test clock. */
export async function serve(
  db: Db,
  env: Record<string, string> = {},
  clock: Clock = systemClock,
): Promise<{ url: string; close: () => Promise<void> }> {
  const app = testApp(db, env, clock);
  // axe-core for the accessibility checks is served beside the app (axe.ts): everything else is the app's.
  const server: Server = createServer((req, res) => {
    if (!answerAxe(req, res)) app(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
let shared: Promise<Browser> | null = null;

/**
 * Debian's chromium, headless, with the flags that keep it off the (closed) network. One Chromium
 * serves every browser file of a test process (mocha's workers run file after file): starting it
 * costs about 2 s of CPU, once per file before (BENCHMARKS.md, "The test suite's time"). A file
 * still starts clean: it makes its own contexts (each an empty profile of its own: cookies,
 * storage, cache), and its `close()` closes every context left open, so the next file finds none.
 */
export async function launch(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  shared ??= chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  let browser = await shared;
  if (!browser.isConnected()) {
    // A browser that crashed or was closed is not handed on: the file gets a new one.
    shared = chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
    browser = await shared;
  }
  return {
    browser,
    close: async () => {
      await Promise.all(browser.contexts().map((c) => c.close()));
    },
  };
}

export async function login(page: Page, base: string, username: string, password = PASSWORD): Promise<void> {
  await page.goto(`${base}/login`);
  await page.fill('#f-username', username);
  await page.fill('#f-password', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit].primary')]);
}

export async function logout(page: Page): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.click('header form[action="/logout"] button')]);
}
