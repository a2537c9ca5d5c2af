import { systemClock } from '../../server/kernel/clock';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import request from 'supertest';
import { apiTokens, sessions } from '../../models/accounts';
import { createApp } from '../../server/app';
import { hashToken } from '../../server/accounts/api-tokens';
import { loadConfig } from '../../server/platform/config';
import type { Handle } from '../../server/platform/db';
import { logOptions } from '../../server/platform/log';
import { asOwner, freshDb } from '../helpers/db';
import { makeUser, PASSWORD } from '../helpers/factories';
import { csrfFrom } from '../helpers/http';

// What the request log holds after real requests, read from the logger's own output stream:
// the requests themselves, never a credential. Logs are kept longer and read by more people
// than the database, so a bearer token, a session cookie or a session id in them is a key
// left lying about.

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, stream, text: () => lines.join('') };
}

describe('Logs without secrets: headers, query strings and failed queries are redacted', () => {
  let h: Handle;
  before(async () => {
    h = await freshDb();
  });
  after(async () => {
    await h.close();
  });

  it('when a user logs in, browses, calls the API with a token and opens links with secrets in the query, then the request log shows the requests but no credential', async () => {
    const log = capture();
    // As the server runs outside tests (NODE_ENV other than test logs every request), with a plain pino logger:
    // the app redacts on its own, whatever logger it is given.
    const config = loadConfig({ NODE_ENV: 'development', PUBLIC_BASE_URL: 'http://localhost:3000' });
    const app = createApp({ db: h.db, clock: systemClock, config, logger: pino({ level: 'info' }, log.stream) });
    const { user } = await makeUser(h.db, 'admin');
    const bearer = randomBytes(32).toString('base64url');
    await h.db.insert(apiTokens).values({ userId: user.id, name: 'log test', tokenHash: hashToken(bearer), createdBy: user.id });

    const agent = request.agent(app);
    const page = await agent
      .get('/login?next=/admin/users&token=QueryTok3n&password=QueryPassw0rd&code=QueryC0de&_csrf=QueryCsrf')
      .expect(200);
    const formToken = csrfFrom(page.text);
    const login = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: formToken, username: user.username, password: PASSWORD })
      .expect(302);
    const cookie = /sq\.sid=([^;]+)/.exec(String(login.headers['set-cookie']))![1];
    const sid = /^s:([^.]+)\./.exec(decodeURIComponent(cookie))![1];
    await agent.get('/admin/users').expect(200);
    await request(app).get('/api/v1/me').set('Authorization', `Bearer ${bearer}`).expect(200);
    await request(app).get('/api/v1/me').set('Authorization', `Bearer ${bearer}x`).expect(401);

    const text = log.text();
    assert.ok(log.lines.length >= 5, `every request was logged (${log.lines.length} lines)`);
    assert.match(text, /"url":"\/admin\/users"/);
    assert.match(text, /next=\/admin\/users&token=\[redacted\]/, 'the URL is logged with its secret parameters hidden');
    for (const [what, secret] of [
      ['the bearer token', bearer],
      ['the session cookie', cookie],
      ['the session id', sid],
      ['the CSRF token', formToken],
      ['the password', PASSWORD],
      ['a token in the query', 'QueryTok3n'],
      ['a password in the query', 'QueryPassw0rd'],
      ['a code in the query', 'QueryC0de'],
      ['a CSRF token in the query', 'QueryCsrf'],
    ]) {
      assert.ok(!text.includes(secret), `${what} is not in the log`);
    }
  });

  it('when the database fails while reading a session, then the error is logged with its query and cause but without the session id', async () => {
    const log = capture();
    const config = loadConfig({ NODE_ENV: 'development', PUBLIC_BASE_URL: 'http://localhost:3000' });
    const logger = pino(logOptions('info'), log.stream);
    const app = createApp({ db: h.db, clock: systemClock, config, logger });
    const { user } = await makeUser(h.db, 'admin');
    const agent = request.agent(app);
    const page = await agent.get('/login');
    const login = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username: user.username, password: PASSWORD })
      .expect(302);
    const sid = /^s:([^.]+)\./.exec(decodeURIComponent(/sq\.sid=([^;]+)/.exec(String(login.headers['set-cookie']))![1]))![1];
    assert.equal((await h.db.select().from(sessions).where(eq(sessions.sid, sid))).length, 1);
    // Behind the app's back (its role may not alter tables): the owner moves the column away.
    await asOwner(h, (db) => db.execute(sql`alter table sessions rename column sess to sess_moved`));
    try {
      const res = await agent.get('/admin/users');
      assert.equal(res.status, 500);
      // And a failure outside any request (a periodic job), through the process's logger.
      const failed = await h.db
        .select()
        .from(sessions)
        .where(eq(sessions.sid, sid))
        .then(
          () => null,
          (e: unknown) => e,
        );
      assert.ok(failed, 'the query failed');
      logger.error({ err: failed }, 'job failed');
    } finally {
      await asOwner(h, (db) => db.execute(sql`alter table sessions rename column sess_moved to sess`));
    }
    // A duplicate key: the database's detail names the value ("Key (sid)=(…) already exists").
    const duplicate = await h.db
      .insert(sessions)
      .values({ sid, sess: {}, expiresAt: new Date() })
      .then(
        () => null,
        (e: unknown) => e,
      );
    assert.match(JSON.stringify((duplicate as { cause?: { detail?: string } }).cause?.detail), /already exists/);
    logger.error({ err: duplicate }, 'job failed');
    const errors = log.lines.filter((l) => /"level":50/.test(l));
    assert.equal(errors.length >= 3, true, `the failures were logged (${errors.length})`);
    assert.match(errors.join(''), /Failed query: select .*sessions.*\[redacted\].*sess/s, 'the query and its cause are kept');
    assert.ok(!log.text().includes(sid), 'the session id is not in the log');
  });
});
