import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { users } from '../../models/accounts';
import { auditLog } from '../../models/audit';
import { checkPassword, passwordProblem } from '../../server/accounts/passwords';
import { openDb, type Handle } from '../../server/platform/db';
import { acquireDataDirLock } from '../../server/platform/data-dir-lock';
import { freshDataDir, freshDb } from '../helpers/db';
import { npmRun } from '../helpers/db-snapshot';
import { loginAs, testApp } from '../helpers/http';

// Issue 13: a real installation gets its first administrator from the console, with a one-time
// password that must be changed at the first login: `npm run create-admin`, run as an operator
// runs it, on the database the app is configured for (DATABASE_URL when the tests run against a
// server, else an embedded DATA_DIR whose lock it respects). Exit codes: 0 made, 2 refused, 1 failed.

describe('npm run create-admin: the first administrator, with a one-time password', function () {
  this.timeout(180_000);
  const server = process.env.DATABASE_URL;
  let root: string;
  let env: Record<string, string>;
  let open: () => Promise<Handle>;
  let keep: (Handle & { url?: string }) | null = null;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sq-create-admin-'));
    if (server) {
      keep = await freshDb();
      env = { DATABASE_URL: keep.url!, DATA_DIR: path.join(root, 'unused') };
      open = async () => ({ ...keep!, close: async () => undefined });
    } else {
      const dir = path.join(root, 'data');
      await (await freshDataDir(dir)).close();
      env = { DATA_DIR: dir, DATABASE_URL: '' };
      open = () => openDb({ dataDir: dir });
    }
  });
  after(async () => {
    await keep?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const run = (args: string[]) => npmRun('create-admin', args, { NODE_ENV: 'test', ...env });

  it('when an operator creates an administrator, then the one-time password is printed once, it logs in, and it must be changed before anything else', async () => {
    const r = await run(['--username', 'county.admin', '--display-name', '县局管理员']);
    assert.equal(r.code, 0, r.stderr);
    const password = /password\s+(\S+)/.exec(r.stdout)?.[1] ?? '';
    assert.match(password, /^[A-Za-z2-9]{14}$/);
    assert.equal(passwordProblem(password, 'county.admin'), null, 'the one-time password passes the password rules');
    assert.match(r.stdout, /一次性密码/);
    const h = await open();
    try {
      const [u] = await h.db.select().from(users).where(eq(users.username, 'county.admin'));
      assert.deepEqual([u.role, u.displayName, u.active, u.mustChangePassword], ['admin', '县局管理员', true, true]);
      assert.ok((await checkPassword(u.passwordHash, password)) && !u.passwordHash.includes(password));
      const [a] = await h.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'user.create'), eq(auditLog.entityId, u.id)));
      assert.deepEqual([a.actorId, a.reason], [null, 'npm run create-admin'], 'the trail says it was made on the console');
      assert.ok(!JSON.stringify(a).includes(password));
      const app = testApp(h.db);
      const agent = await loginAs(app, 'county.admin', password);
      const page = await agent.get('/admin/users');
      assert.equal(page.status, 302);
      assert.equal(page.headers.location, '/account/password');
    } finally {
      await h.close();
    }
  });

  it('when the username is taken in any letter case, malformed or missing, or an option is unknown, then it is refused with exit code 2 and nothing is written', async () => {
    for (const [args, message] of [
      [['--username', 'COUNTY.ADMIN'], /该用户名已被使用/],
      [['--username', 'a b'], /用户名只能包含字母/],
      [[], /--username is required/],
      [['--user', 'x'], /Unknown option/],
    ] as const) {
      const r = await run([...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stdout, /password/);
    }
    const h = await open();
    try {
      const [{ n }] = await h.db.select({ n: sql<number>`count(*)::int` }).from(users);
      assert.equal(n, 1);
    } finally {
      await h.close();
    }
  });

  it('when the app holds the embedded database, then create-admin refuses (exit code 2) and leaves the folder alone', async () => {
    // Embedded whatever the other tests use: the lock is the embedded database's guard.
    const dir = path.join(root, 'held');
    const lock = acquireDataDirLock(dir, 'app');
    try {
      const r = await npmRun('create-admin', ['--username', 'second.admin'], { NODE_ENV: 'test', DATA_DIR: dir, DATABASE_URL: '' });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /in use by process \d+ \(app/);
      assert.deepEqual(fs.readdirSync(dir), ['app.lock'], 'no database was opened or made there');
      assert.equal(JSON.parse(fs.readFileSync(lock.path, 'utf8')).pid, process.pid, 'and the app keeps its lock');
    } finally {
      lock.release();
    }
  });
});
