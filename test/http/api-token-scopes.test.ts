import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { apiTokens } from '../../models/accounts';
import { auditLog } from '../../models/audit';
import { households } from '../../models/households';
import type { Handle } from '../../server/platform/db';
import { freshDb } from '../helpers/db';
import { changedTables, fingerprint } from '../helpers/db-fingerprint';
import { makeCollective, makeHousehold, makeUser } from '../helpers/factories';
import { loginAs, postForm, testApp, type Agent } from '../helpers/http';
import { openapiChecker } from '../helpers/openapi-check';
import { fill, routeTable } from '../helpers/route-table';

// Issue 13 (low): API tokens have scopes. A read-only token (statistics, reports) answers every
// write of /api/v1 with 403 insufficientScope, whatever its account may do; the routes are
// taken from the app's own route table, so a write route added later is covered too.

const tokenOf = (html: string) => /<p class="secret mono" id="secret">([^<]+)<\/p>/.exec(html)?.[1] ?? '';

describe('API token scopes: read-only tokens read, and write nothing', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  let admin: Agent;
  let check: ReturnType<typeof openapiChecker>;
  let hh: { id: string };
  let readOnly: string, readWrite: string;
  before(async () => {
    h = await freshDb();
    app = testApp(h.db);
    check = openapiChecker((await request(app).get('/api/openapi.json').expect(200)).body);
    admin = await loginAs(app, (await makeUser(h.db, 'admin')).user.username);
    const c = await makeCollective(h.db);
    const officer = await makeUser(h.db, 'officer', { collectiveId: c.id });
    hh = await makeHousehold(h.db, officer.actor, c);
    // Issued as an admin does it, through the form.
    const issue = async (access: string) => {
      const res = await postForm(admin, '/admin/tokens', { userId: officer.user.id, name: `区统计 ${access}`, access });
      assert.equal(res.status, 200, res.text.slice(0, 300));
      return tokenOf(res.text);
    };
    readOnly = await issue('read');
    readWrite = await issue('write');
  });
  after(async () => {
    await h.close();
  });

  it('when a read-only token calls every write route of /api/v1, then each answers 403 insufficientScope (JSON, WWW-Authenticate, as documented) and nothing changes', async () => {
    const writes = routeTable(app).filter((r) => r.includes(' /api/v1/') && !r.startsWith('GET '));
    assert.ok(writes.length > 25, `the write routes were found (${writes.length})`);
    const before = await fingerprint(h.db);
    const wrong: string[] = [];
    for (const key of writes) {
      const [method, path] = key.split(' ');
      const url = fill(path, { id: hh.id, kind: 'land', rightId: randomUUID(), userId: randomUUID(), token: randomUUID() });
      const m = method.toLowerCase() as 'post' | 'patch' | 'put' | 'delete';
      const res = check.check(
        m,
        url,
        await request(app)[m](url).set('Authorization', `Bearer ${readOnly}`).set('Accept-Language', 'en').send({ name: '改名' }),
      );
      if (res.status !== 403 || res.body?.error?.code !== 'insufficientScope')
        wrong.push(`${key}: ${res.status} ${JSON.stringify(res.body)}`);
      else if (!/error="insufficient_scope", scope="write"/.test(String(res.headers['www-authenticate'])))
        wrong.push(`${key}: WWW-Authenticate ${res.headers['www-authenticate']}`);
      else if (!/read-only/.test(res.body.error.message)) wrong.push(`${key}: message ${res.body.error.message}`);
    }
    assert.deepEqual(wrong, []);
    // Using a token notes its last use (api_tokens); nothing else may change.
    assert.deepEqual(
      changedTables(before, await fingerprint(h.db)).filter((t) => t !== 'api_tokens'),
      [],
    );
  });

  it('when the read-only token reads, then it works, and /me says its scopes; the read-write token of the same account writes', async () => {
    const me = await request(app).get('/api/v1/me').set('Authorization', `Bearer ${readOnly}`);
    assert.equal(check.check('get', '/api/v1/me', me).status, 200);
    assert.deepEqual(me.body.tokenScopes, ['read']);
    assert.equal(
      check.check(
        'get',
        `/api/v1/households/${hh.id}`,
        await request(app).get(`/api/v1/households/${hh.id}`).set('Authorization', `Bearer ${readOnly}`),
      ).status,
      200,
    );
    const rwMe = await request(app).get('/api/v1/me').set('Authorization', `Bearer ${readWrite}`);
    assert.deepEqual(rwMe.body.tokenScopes, ['read', 'write']);
    const changed = await request(app)
      .patch(`/api/v1/households/${hh.id}`)
      .set('Authorization', `Bearer ${readWrite}`)
      .send({ address: '龙岗村二组 8 号' });
    assert.equal(check.check('patch', `/api/v1/households/${hh.id}`, changed).status, 200);
    const [row] = await h.db.select().from(households).where(eq(households.id, hh.id));
    assert.equal(row.address, '龙岗村二组 8 号');
  });

  it('when tokens are listed, then each shows its access, and the trail of the issue names the scopes', async () => {
    const list = await admin.get('/admin/tokens').expect(200);
    assert.match(list.text, /区统计 read<\/td>[\s\S]*?<td[^>]*>只读（GET）<\/td>/);
    assert.match(list.text, /区统计 write<\/td>[\s\S]*?<td[^>]*>读写<\/td>/);
    const rows = await h.db.select().from(apiTokens);
    assert.deepEqual(rows.map((r) => r.scopes).sort(), [['read'], ['read', 'write']]);
    const trail = await h.db.select().from(auditLog).where(eq(auditLog.action, 'token.issue'));
    assert.deepEqual(trail.map((a) => (a.after as { scopes: string[] }).scopes).sort(), [['read'], ['read', 'write']]);
  });
});
