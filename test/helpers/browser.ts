import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { type Clock, systemClock } from '../../server/kernel/clock';
import type { Db } from '../../server/platform/db';
import { testApp } from './http';
import { PASSWORD } from './factories';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The app on an ephemeral port, for a real browser; `env` adds settings (e.g. DATA_DIR for the SMS sink), `clock` a test clock. */
export async function serve(
  db: Db,
  env: Record<string, string> = {},
  clock: Clock = systemClock,
): Promise<{ url: string; close: () => Promise<void> }> {
  const app = testApp(db, env, clock);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

/** Debian's chromium, headless, with the flags that keep it off the (closed) network. */
export async function launch(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  // Playwright gives every launch a fresh, empty profile directory of its own.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return { browser, close: () => browser.close() };
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
