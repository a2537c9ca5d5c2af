import { systemClock } from '../../server/kernel/clock';
import assert from 'node:assert/strict';
import { eq, inArray } from 'drizzle-orm';
import pino from 'pino';
import request from 'supertest';
import { sessions, users } from '../../models/accounts';
import { DEMO_PASSWORD, DEMO_USERNAMES } from '../../server/demo/credentials';
import { prepareAccounts } from '../../server/demo/first-start';
import { seedDemo } from '../../server/demo/seed';
import { createApp } from '../../server/app';
import { checkPassword } from '../../server/accounts/passwords';
import { loadConfig } from '../../server/platform/config';
import type { Handle } from '../../server/platform/db';
import { freshDb } from '../helpers/db';
import { makeUser } from '../helpers/factories';
import { loginAs, testApp } from '../helpers/http';

// Issue 13 (critical): a production start published an admin. In production the demo loads
// only with SEED_DEMO=yes, and then never with the published password; a start without an
// administrator says how to make the first one; the login page does not point at demo accounts.

const SECRET = 'x'.repeat(40);
const production = (over: Record<string, string> = {}) =>
  loadConfig({
    NODE_ENV: 'production',
    SESSION_SECRET: SECRET,
    AUDIT_KEY: `audit-${SECRET}`,
    PUBLIC_BASE_URL: 'https://sanquan.example.cn',
    ...over,
  });
const development = (over: Record<string, string> = {}) => loadConfig({ NODE_ENV: 'development', ...over });

/** A start as server/main.ts runs it, with the log (pino) and the console kept apart. */
async function start(h: Handle, config: ReturnType<typeof loadConfig>) {
  const log: string[] = [];
  const printed: string[] = [];
  const logger = pino(
    { level: 'info' },
    {
      write: (s: string) => {
        log.push(s);
      },
    },
  );
  await prepareAccounts(h.db, config, logger, (line) => printed.push(line));
  return { log: log.join(''), printed: printed.join('\n') };
}

describe('First start: no published admin in production', function () {
  this.timeout(60_000);
  let h: Handle;
  afterEach(async () => {
    await h?.close();
  });

  it('when production starts on an empty database, then no demo is loaded, no account exists, and the log says to run npm run create-admin', async () => {
    h = await freshDb();
    const { log, printed } = await start(h, production());
    assert.equal((await h.db.select().from(users)).length, 0);
    assert.equal(printed, '');
    assert.match(log, /No administrator account yet[^"]*npm run create-admin -- --username NAME/);
    assert.doesNotMatch(log, /"err"|stack/i, 'a hint, not a stack trace');
    const again = await start(h, production({ SEED_DEMO: 'no' }));
    assert.match(again.log, /npm run create-admin/, 'said at every start until there is an administrator');
  });

  it('when production starts with SEED_DEMO=yes, then every demo account gets its own one-time password, printed once on the console and not in the log, and none has the published one', async () => {
    h = await freshDb();
    const { log, printed } = await start(h, production({ SEED_DEMO: 'yes' }));
    const accounts = await h.db
      .select()
      .from(users)
      .where(inArray(users.username, [...DEMO_USERNAMES]));
    assert.equal(accounts.length, DEMO_USERNAMES.length);
    const shown = new Map([...printed.matchAll(/^ {2}(\S+)\s+\S+\s+([A-Za-z2-9]{14}) /gm)].map((m) => [m[1], m[2]]));
    assert.equal(shown.size, DEMO_USERNAMES.length, printed);
    assert.equal(new Set(shown.values()).size, DEMO_USERNAMES.length, 'one password per account');
    for (const u of accounts) {
      assert.equal(u.mustChangePassword, true, u.username);
      assert.equal(await checkPassword(u.passwordHash, DEMO_PASSWORD), false, `${u.username} has the published password`);
      assert.ok(await checkPassword(u.passwordHash, shown.get(u.username)!), u.username);
      assert.ok(!log.includes(shown.get(u.username)!), `${u.username}'s password is in the log`);
    }
    assert.doesNotMatch(printed, new RegExp(DEMO_PASSWORD));
    assert.doesNotMatch(log, /No administrator/);
    // The printed password opens the admin account, which must change it before anything else.
    const agent = await loginAs(testApp(h.db), 'admin', shown.get('admin')!);
    const page = await agent.get('/admin/users');
    assert.deepEqual([page.status, page.headers.location], [302, '/account/password']);
  });

  it("when development starts on an empty database, then the demo keeps the README's password and logins (npm install && npm start)", async () => {
    h = await freshDb();
    const { printed } = await start(h, development());
    assert.match(printed, new RegExp(`with password "${DEMO_PASSWORD}"`));
    const agent = await loginAs(testApp(h.db), 'admin', DEMO_PASSWORD);
    assert.equal((await agent.get('/admin/users')).status, 200);
  });

  it('when production starts on a database whose demo accounts still have the published password, then it stops working there and the log names them', async () => {
    h = await freshDb();
    await seedDemo(h.db); // e.g. a developer's database taken into production
    const { user: other } = await makeUser(h.db, 'admin');
    const agent = await loginAs(testApp(h.db), 'admin', DEMO_PASSWORD);
    const { log } = await start(h, production());
    const warning = JSON.parse(log.split('\n').find((l) => l.includes('published demo password'))!) as {
      level: number;
      accounts: string[];
    };
    assert.equal(warning.level, 40, 'a warning');
    assert.deepEqual(warning.accounts.sort(), [...DEMO_USERNAMES].sort());
    await assert.rejects(loginAs(testApp(h.db), 'admin', DEMO_PASSWORD), /login failed/);
    assert.equal((await agent.get('/admin/users')).status, 302, 'the session opened with it ended');
    const [admin] = await h.db.select().from(users).where(eq(users.username, 'admin'));
    assert.equal(admin.mustChangePassword, true);
    const [row] = await h.db.select().from(users).where(eq(users.id, other.id));
    assert.equal(row.mustChangePassword, false, 'other accounts are left alone');
    assert.equal((await h.db.select().from(sessions)).filter((s) => JSON.stringify(s.sess).includes(admin.id)).length, 0);
  });

  it('when the login page is shown in production, then it does not point at demo accounts; in development it does', async () => {
    h = await freshDb();
    const prod = createApp({ db: h.db, clock: systemClock, config: production(), logger: pino({ level: 'silent' }) });
    const page = await request(prod).get('/login').set('X-Forwarded-Proto', 'https').expect(200);
    assert.doesNotMatch(page.text, /演示账户|README/);
    const en = await request(prod).get('/login').set('X-Forwarded-Proto', 'https').set('Cookie', 'lang=en').expect(200);
    assert.doesNotMatch(en.text, /Demo accounts|README/);
    const dev = await request(testApp(h.db)).get('/login').expect(200);
    assert.match(dev.text, /演示账户见启动日志或 README/);
  });
});
