import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { and, count, eq, sql } from 'drizzle-orm';
import { apiTokens, users } from '../../models/accounts';
import { auditLog } from '../../models/audit';
import { actorFromBearer } from '../../server/accounts/api-tokens';
import type { Handle } from '../../server/platform/db';
import { rows } from '../../server/platform/db';
import { freshDb } from '../helpers/db';
import { makeCollective, makeHousehold, makeUser } from '../helpers/factories';
import { loginAs, postForm, testApp, type Agent } from '../helpers/http';
import { addDays, shanghaiDate } from '../../server/kernel/clock';
import { testClock } from '../helpers/clock';

const tokenOf = (html: string) => /<p class="secret mono" id="secret">([^<]+)<\/p>/.exec(html)?.[1] ?? '';

describe('Admin: API tokens (shown once, stored hashed, revocable)', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  let admin: Agent;
  let adminName: string;
  // The app's clock and the time a token is presented at: moved by the tests, never waited for.
  const clock = testClock('2026-03-10T02:00:00Z');
  const bearer = (token: string) => actorFromBearer(h.db, token, clock.now());
  const inTwoDays = () => shanghaiDate(addDays(clock.now(), 2));
  before(async () => {
    h = await freshDb();
    app = testApp(h.db, {}, clock);
    adminName = (await makeUser(h.db, 'admin')).user.username;
    admin = await loginAs(app, adminName);
  });
  after(async () => {
    await h.close();
  });

  async function issue(userId: string, over: Record<string, string> = {}) {
    const res = await postForm(admin, '/admin/tokens', { userId, name: '区统计系统', access: 'read', ...over });
    assert.equal(res.status, 200, res.text.slice(0, 500));
    return { res, token: tokenOf(res.text) };
  }

  it('when an admin issues a token, then it is shown once and only its SHA-256 is stored, nowhere the token itself', async () => {
    const { user } = await makeUser(h.db, 'bureau', { regionCode: '440205' });
    const { res, token } = await issue(user.id);
    assert.match(token, /^[A-Za-z0-9_-]{43}$/, '32 random bytes in base64url');
    assert.equal(res.headers['cache-control'], 'no-store');
    const [row] = await h.db.select().from(apiTokens).where(eq(apiTokens.userId, user.id));
    assert.equal(row.tokenHash, createHash('sha256').update(token).digest('hex'));
    const dump = await rows<Record<string, unknown>>(
      h.db,
      sql`select t::text as t from api_tokens t union all select a::text from audit_log a union all select s::text from sessions s`,
    );
    assert.ok(
      dump.length > 0 && dump.every((r) => !String(r.t).includes(token)),
      'the plain token is in no table (tokens, trail, sessions)',
    );
    const list = await admin.get('/admin/tokens').expect(200);
    assert.ok(list.text.includes('区统计系统') && list.text.includes(user.username) && !list.text.includes(token));
    const [a] = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'token.issue'), eq(auditLog.entityId, row.id)));
    assert.equal((a.after as { userId: string }).userId, user.id);
  });

  it('when the token is presented, then actorFromBearer resolves its account and notes the use; unknown tokens resolve to nothing', async () => {
    const c = await makeCollective(h.db);
    const { user } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    const { token } = await issue(user.id, { expiresOn: inTwoDays() });
    const actor = await bearer(token);
    assert.deepEqual([actor?.id, actor?.role, actor?.collectiveId], [user.id, 'officer', c.id]);
    const [row] = await h.db.select().from(apiTokens).where(eq(apiTokens.userId, user.id));
    assert.ok(row.lastUsedAt, 'last use recorded');
    assert.ok(row.expiresAt && row.expiresAt.getTime() > clock.now().getTime());
    assert.equal(row.lastUsedAt?.toISOString(), clock.now().toISOString());
    assert.equal(await bearer(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')), null);
    assert.equal(await bearer(''), null);
    assert.equal(await bearer('x'.repeat(500)), null);
  });

  it('when a token is revoked, then it no longer resolves and the trail records the revocation', async () => {
    const { user } = await makeUser(h.db, 'bureau', { regionCode: '440200' });
    const { token } = await issue(user.id);
    const [row] = await h.db.select().from(apiTokens).where(eq(apiTokens.userId, user.id));
    assert.ok(await bearer(token));
    const res = await postForm(admin, `/admin/tokens/${row.id}/revoke`, {});
    assert.equal(res.status, 302);
    assert.equal(await bearer(token), null);
    const [after] = await h.db.select().from(apiTokens).where(eq(apiTokens.id, row.id));
    assert.ok(after.revokedAt);
    assert.equal(
      (
        await h.db
          .select({ n: count() })
          .from(auditLog)
          .where(and(eq(auditLog.action, 'token.revoke'), eq(auditLog.entityId, row.id)))
      )[0].n,
      1,
    );
    const list = await admin.get('/admin/tokens').expect(200);
    assert.match(list.text, /已撤销/);
    assert.equal((await postForm(admin, `/admin/tokens/${row.id}/revoke`, {})).status, 302, 'revoking twice changes nothing');
    assert.equal(
      (
        await h.db
          .select({ n: count() })
          .from(auditLog)
          .where(and(eq(auditLog.action, 'token.revoke'), eq(auditLog.entityId, row.id)))
      )[0].n,
      1,
    );
  });

  it('when a token has expired or its account is deactivated, then it no longer resolves', async () => {
    const { user } = await makeUser(h.db, 'bureau', { regionCode: '440203' });
    const { token } = await issue(user.id, { expiresOn: inTwoDays() });
    assert.ok(await bearer(token));
    // Past the end of its last day (Beijing time): the admin logs in again, a day's session being over.
    clock.advance(3 * 86400_000);
    assert.equal(await bearer(token), null);
    admin = await loginAs(app, adminName);
    assert.match((await admin.get('/admin/tokens')).text, /已过期/);

    const { user: other } = await makeUser(h.db, 'bureau', { regionCode: '440204' });
    const second = await issue(other.id);
    assert.ok(await bearer(second.token));
    await h.db.update(users).set({ active: false }).where(eq(users.id, other.id));
    assert.equal(await bearer(second.token), null);
  });

  it('when an admin issues a token without a date, then it expires in 90 days (end of that day, Beijing time); only an explicit "never expires" gives none', async () => {
    const form = await admin.get('/admin/tokens/new').expect(200);
    const proposed = shanghaiDate(addDays(clock.now(), 90));
    assert.match(form.text, new RegExp(`name="expiresOn" type="date" value="${proposed}"`), 'the form proposes the default date');
    assert.match(form.text, /<option value="read" selected>/, 'and read-only access');
    const { user } = await makeUser(h.db, 'bureau', { regionCode: '440205' });
    const { res } = await issue(user.id, { expiresOn: '' });
    assert.doesNotMatch(res.text, /长期有效/);
    const [row] = await h.db.select().from(apiTokens).where(eq(apiTokens.userId, user.id));
    assert.equal(row.expiresAt?.toISOString(), new Date(`${proposed}T23:59:59.999+08:00`).toISOString());
    const { user: other } = await makeUser(h.db, 'bureau', { regionCode: '440205' });
    const never = await issue(other.id, { noExpiry: 'yes' });
    assert.match(never.res.text, /长期有效/);
    const [forever] = await h.db.select().from(apiTokens).where(eq(apiTokens.userId, other.id));
    assert.equal(forever.expiresAt, null);
    const [a] = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'token.issue'), eq(auditLog.entityId, forever.id)));
    assert.deepEqual(a.after as { expiresAt: unknown; scopes: string[] }, { ...(a.after as object), expiresAt: null, scopes: ['read'] });
  });

  it('when the access is missing or unknown, then no token is issued and the form says so', async () => {
    const { user } = await makeUser(h.db, 'bureau', { regionCode: '440205' });
    for (const access of ['', 'admin', 'write,delete']) {
      const res = await postForm(admin, '/admin/tokens', { userId: user.id, name: '无权限', access });
      assert.equal(res.status, 422, access);
      assert.match(res.text, access ? /请从列表中选择/ : /此项必填/);
    }
    assert.equal((await h.db.select({ n: count() }).from(apiTokens).where(eq(apiTokens.userId, user.id)))[0].n, 0);
  });

  it('when an account is deactivated, then its tokens are revoked, and reactivating it does not bring them back', async () => {
    const { user } = await makeUser(h.db, 'bureau', { regionCode: '440205' });
    const { token } = await issue(user.id, { access: 'write' });
    assert.ok(await bearer(token));
    assert.equal((await postForm(admin, `/admin/users/${user.id}/deactivate`, { reason: '调离' })).status, 302);
    assert.equal(await bearer(token), null);
    assert.equal((await postForm(admin, `/admin/users/${user.id}/reactivate`, {})).status, 302);
    assert.equal(await bearer(token), null, 'the old token stays dead');
    const [row] = await h.db.select().from(apiTokens).where(eq(apiTokens.userId, user.id));
    assert.ok(row.revokedAt);
    const [a] = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'user.deactivate'), eq(auditLog.entityId, user.id)));
    assert.deepEqual(a.after, { active: false, tokensRevoked: 1 });
    assert.match((await admin.get('/admin/tokens')).text, /已撤销/);
  });

  it("when the expiry date is past, the account is a farmer's or unknown, or the name is missing, then no token is issued", async () => {
    const { user } = await makeUser(h.db, 'bureau', { regionCode: '440205' });
    const c = await makeCollective(h.db);
    const { actor } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    const hh = await makeHousehold(h.db, actor, c);
    const { user: farmer } = await makeUser(h.db, 'farmer', { householdId: hh.id });
    const before = (await h.db.select({ n: count() }).from(apiTokens))[0].n;
    const past = await postForm(admin, '/admin/tokens', { userId: user.id, name: '过期', access: 'read', expiresOn: '2020-01-01' });
    assert.equal(past.status, 422);
    assert.match(past.text, /有效期须晚于今天/);
    assert.match(past.text, /value="过期"/);
    for (const userId of [farmer.id, '00000000-0000-4000-8000-000000000000', '']) {
      const res = await postForm(admin, '/admin/tokens', { userId, name: '农户令牌', access: 'read' });
      assert.equal(res.status, 422, userId);
      assert.match(res.text, userId ? /须选择一个启用中的工作人员账户/ : /此项必填/);
    }
    const noName = await postForm(admin, '/admin/tokens', { userId: user.id, name: '', access: 'read' });
    assert.equal(noName.status, 422);
    assert.equal((await h.db.select({ n: count() }).from(apiTokens))[0].n, before);
  });
});
