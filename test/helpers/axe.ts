import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

// axe-core in the browser tests' pages. Sending its 560 KB source through the DevTools protocol
// (page.evaluate) took about 160 ms per page, on every page the accessibility walk checks
// (BENCHMARKS.md, "The test suite's time, again"); the page itself compiles and starts it in
// 10–20 ms. So the test server (serve() in browser.ts) also answers AXE_PATH with the file, and the
// page imports it from there: the browser's cache and its code cache keep it between pages. The
// app's own Content-Security-Policy allows it (script-src 'self'), so nothing is loosened.

const require = createRequire(import.meta.url);
const AXE_FILE = readFileSync(require.resolve('axe-core/axe.min.js'));
export const AXE_SOURCE = AXE_FILE.toString('utf8');

/** A path the app never serves: only the test server answers it. */
export const AXE_PATH = '/__test__/axe.min.js';

/** serve()'s handler in front of the app: true when it answered the request (the axe file). */
export function answerAxe(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET' || req.url !== AXE_PATH) return false;
  res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'max-age=3600' });
  res.end(AXE_FILE);
  return true;
}

/**
 * Makes `window.axe` exist in the page: imported from the test server when it serves the file,
 * otherwise (a page of another server, such as a spawned one) sent through the protocol as before.
 */
export async function injectAxe(page: Page): Promise<void> {
  const imported = await page.evaluate(async (url) => {
    if ((window as unknown as { axe?: unknown }).axe) return true;
    try {
      await import(url);
      return Boolean((window as unknown as { axe?: unknown }).axe);
    } catch {
      return false;
    }
  }, AXE_PATH);
  if (!imported) await page.evaluate(AXE_SOURCE);
}

/**
 * The rules whose violations are always minor or moderate. axe gives a violation its rule's own
 * impact when the rule has one (axe-core's finalizeRuleResult), so a check that keeps only serious
 * and critical violations can leave these rules out and find exactly the same; they cost about a
 * third of axe's time on a page.
 */
export async function rulesBelowSerious(page: Page): Promise<string[]> {
  // The same for every page (one axe-core version): asked of the first page that answers.
  below ??= await page.evaluate(() => {
    const audit = (window as unknown as { axe: { _audit: { rules: { id: string; impact?: string }[] } } }).axe._audit;
    return audit.rules.filter((r) => r.impact === 'minor' || r.impact === 'moderate').map((r) => r.id);
  });
  return below;
}
let below: string[] | null = null;
