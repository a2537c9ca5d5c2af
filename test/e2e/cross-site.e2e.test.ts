import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { users } from '../../models/accounts';
import type { Handle } from '../../server/platform/db';
import { checkPassword } from '../../server/accounts/passwords';
import { freshDb } from '../helpers/db';
import { makeUser, PASSWORD } from '../helpers/factories';
import { launch, login, serve } from '../helpers/browser';

// A hostile page in a real browser. It is served from another port of the same host (another
// origin, but the same site, so SameSite=Lax cookies go along: a neighbouring app on a shared
// server), and submits a multipart form, as such a page once could without any token, to the
// admin's "reset this user's password". Chromium sends the victim's cookie and its own Origin:
// the post is refused, with the page telling why, and nothing changes. A hostile page that sets
// no-referrer makes the browser send "Origin: null": refused too. The registry's own forms, with
// its Referrer-Policy (same-origin), send the real Origin and work (every other browser test).

function hostilePage(target: string, noReferrer: boolean): string {
  return `<!doctype html><html><head>${noReferrer ? '<meta name="referrer" content="no-referrer">' : ''}</head><body>
<form id="f" method="post" enctype="multipart/form-data" action="${target}"><input name="reason" value="x"></form>
<script>document.getElementById('f').submit()</script></body></html>`;
}

describe("Browser: a hostile page on a neighbouring origin posts a form with the admin's cookie", () => {
  let h: Handle;
  let app: Awaited<ReturnType<typeof serve>>;
  let evil: Server;
  let evilUrl: string;
  let chrome: Awaited<ReturnType<typeof launch>>;
  let target = '';
  before(async () => {
    h = await freshDb();
    app = await serve(h.db);
    evil = createServer((req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(hostilePage(target, req.url === '/no-referrer'));
    });
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', () => r()));
    evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
    chrome = await launch();
  });
  after(async () => {
    await chrome?.close();
    evil?.close();
    await app?.close();
    await h?.close();
  });

  for (const variant of ['/', '/no-referrer']) {
    it(`when the admin opens a hostile page (${variant === '/' ? 'its own Origin' : 'Origin: null'}) that posts a multipart password reset, then the registry refuses it and says why, and the password is unchanged`, async () => {
      const admin = await makeUser(h.db, 'admin');
      const victim = await makeUser(h.db, 'admin');
      target = `${app.url}/admin/users/${victim.user.id}/password`;
      const page = await chrome.browser.newPage();
      await login(page, app.url, admin.user.username);
      const [answer] = await Promise.all([page.waitForResponse((r) => r.url() === target), page.goto(`${evilUrl}${variant}`)]);
      assert.equal(answer.status(), 403);
      await page.waitForURL(target);
      assert.match((await page.textContent('main')) ?? (await page.content()), /来自其他网站/);
      const [row] = await h.db.select().from(users).where(eq(users.id, victim.user.id));
      assert.ok(await checkPassword(row.passwordHash, PASSWORD), 'the password is unchanged');
      assert.equal(row.mustChangePassword, false);
      // The admin is still signed in, and the registry's own forms still work.
      await page.goto(`${app.url}/account/password`);
      assert.match(page.url(), /\/account\/password$/);
      await page.close();
    });
  }
});
