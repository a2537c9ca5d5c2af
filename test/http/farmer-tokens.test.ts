import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { apiTokens } from '../../models/accounts';
import { auditLog } from '../../models/audit';
import type { Handle } from '../../server/platform/db';
import { freshDb } from '../helpers/db';
import { makeCollective, makeHousehold, makeUser } from '../helpers/factories';
import { loginAs, postForm, testApp } from '../helpers/http';

// Issue 18 item 16: a farmer makes a personal API token on their account page (shown once),
// the token acts as the farmer and reaches their own household only (rule 12), and revoking it
// on the same page ends it.
describe('A farmer’s personal API token (issue 18 item 16)', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  before(async () => {
    h = await freshDb();
    app = testApp(h.db);
  });
  after(async () => {
    await h.close();
  });

  it('when a farmer makes a token, then a phone app can call the API as that farmer for their own household only, until the farmer revokes it', async () => {
    const c = await makeCollective(h.db);
    const { actor: officer } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    const own = await makeHousehold(h.db, officer, c);
    const other = await makeHousehold(h.db, officer, c);
    const { user } = await makeUser(h.db, 'farmer', { householdId: own.id });
    const farmer = await loginAs(app, user.username);

    assert.match((await farmer.get('/my').expect(200)).text, /href="\/account\/tokens"/);
    const made = await postForm(farmer, '/account/tokens', { name: '我的手机' });
    assert.equal(made.status, 200);
    const token = /<p class="secret mono" id="secret">([A-Za-z0-9_-]{43})<\/p>/.exec(made.text)?.[1];
    assert.ok(token, 'the token is shown once');
    const [row] = await h.db.select().from(apiTokens).where(eq(apiTokens.userId, user.id));
    assert.notEqual(row.tokenHash, token, 'only its hash is stored');
    assert.ok(row.expiresAt, 'a personal token expires');
    assert.doesNotMatch((await farmer.get('/account/tokens').expect(200)).text, new RegExp(token));

    const api = (path: string) => request(app).get(path).set('Authorization', `Bearer ${token}`);
    const me = await api('/api/v1/me').expect(200);
    assert.equal(me.body.role ?? me.body.user?.role, 'farmer');
    assert.equal((await api(`/api/v1/households/${own.id}`)).status, 200);
    assert.ok([403, 404].includes((await api(`/api/v1/households/${other.id}`)).status), 'another household is out of reach');

    const page = await farmer.get('/account/tokens').expect(200);
    assert.match(page.text, /我的手机/);
    const revoked = await postForm(farmer, `/account/tokens/${row.id}/revoke`, {});
    assert.equal(revoked.status, 302);
    assert.equal((await api('/api/v1/me')).status, 401);
    const trail = await h.db.select().from(auditLog).where(eq(auditLog.entityId, row.id));
    assert.deepEqual(trail.map((e) => e.action).sort(), ['token.issue', 'token.revoke']);

    // At most three live tokens; the fourth is refused with a message, nothing made.
    for (const n of ['一', '二', '三']) assert.equal((await postForm(farmer, '/account/tokens', { name: `手机${n}` })).status, 200);
    const fourth = await postForm(farmer, '/account/tokens', { name: '手机四' });
    assert.equal(fourth.status, 422);
    assert.match(fourth.text, /最多同时保留 3 个/);
    assert.equal((await h.db.select().from(apiTokens).where(eq(apiTokens.userId, user.id))).length, 4);

    // Another farmer cannot revoke this farmer's token.
    const [live] = (await h.db.select().from(apiTokens).where(eq(apiTokens.userId, user.id))).filter((t) => !t.revokedAt);
    const { user: stranger } = await makeUser(h.db, 'farmer', { householdId: other.id });
    const s = await loginAs(app, stranger.username);
    assert.equal((await postForm(s, `/account/tokens/${live.id}/revoke`, {})).status, 404);
  });
});
