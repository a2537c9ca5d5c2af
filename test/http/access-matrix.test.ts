import assert from 'node:assert/strict';
import request from 'supertest';
import type { Handle } from '../../server/platform/db';
import { freshDb } from '../helpers/db';
import { changedTables, fingerprint } from '../helpers/db-fingerprint';
import { loginAs, type Agent } from '../helpers/http';
import { routeTable } from '../helpers/route-table';
import { ROLES, roleAgents, securityWorld, type RoleName, type SecurityWorld } from '../helpers/security-world';
import { testApp } from '../helpers/http';
import { WEB, type Entry, type Expect } from './access-matrix';
import { API } from './access-matrix-api';

// Rule 12, proved route by route: the app's own route table against the matrix in
// access-matrix.ts (pages and forms) and access-matrix-api.ts (/api). Every role, logged in
// through the real form (or with its API token), asks for every route inside and outside its
// scope; a refusal outside the scope must not show what it refused.

type Res = { status: number; headers: Record<string, string>; text: string };

function meets(exp: Expect, res: Res): boolean {
  const toLogin = res.status === 302 && /^\/login/.test(res.headers.location ?? '');
  if (exp === 'login') return toLogin;
  if (exp === 'ok') return [200, 302, 303, 409, 422].includes(res.status) && !toLogin;
  if (exp === 302 || exp === 303) return res.status === exp && !toLogin;
  return res.status === exp;
}

type Case = {
  key: string;
  role: RoleName;
  scope: 'own' | 'other';
  url: string;
  expect: Expect;
  fresh?: boolean;
  body: Record<string, string>;
};

function cases(table: Record<string, Entry>, w: SecurityWorld, method: (k: string) => boolean): Case[] {
  const out: Case[] = [];
  for (const [key, e] of Object.entries(table)) {
    if (!method(key.split(' ')[0])) continue;
    for (const role of ROLES) {
      const per = e.expect[role];
      for (const scope of e.scoped ? (['own', 'other'] as const) : (['own'] as const)) {
        const expect = (Array.isArray(per) ? per[scope === 'own' ? 0 : 1] : per) as Expect;
        const side = scope === 'own' ? w.own : w.other;
        out.push({ key, role, scope, url: e.url(side, w), expect, fresh: e.fresh, body: e.body?.(side, w) ?? {} });
      }
    }
  }
  return out;
}

describe('Access matrix from the route table (rule 12: every route checks the role and the scope)', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  let w: SecurityWorld;
  let agents: Record<RoleName, Agent>;
  let tokens: Record<RoleName, string>;
  before(async function () {
    this.timeout(180_000);
    h = await freshDb();
    app = testApp(h.db);
    w = await securityWorld(h.db);
    agents = await roleAgents(app, w);
    tokens = Object.fromEntries(await Promise.all(ROLES.map(async (r) => [r, await agents[r].csrf()]))) as Record<RoleName, string>;
  });
  after(async () => {
    await h?.close();
  });

  /** Secrets of the other side that no refusal may show. */
  const secretsOf = () => [w.other.hh.code, w.other.landCert.number, w.other.head.idNumber];

  async function run(list: Case[], send: (c: Case) => Promise<Res>): Promise<string[]> {
    const wrong: string[] = [];
    for (const c of list) {
      const res = await send(c);
      if (!meets(c.expect, res))
        wrong.push(
          `${c.key} as ${c.role} (${c.scope}: ${c.url}): expected ${c.expect}, got ${res.status}${res.headers.location ? ` → ${res.headers.location}` : ''}`,
        );
      if (c.scope === 'other' && res.status >= 400) {
        const leak = secretsOf().find((s) => res.text.includes(s));
        if (leak) wrong.push(`${c.key} as ${c.role} (other): the ${res.status} answer shows ${leak}`);
      }
    }
    return wrong;
  }

  const anonAgent = async () => {
    const a = request.agent(app) as Agent;
    a.csrf = async () => /name="_csrf" value="([^"]+)"/.exec((await a.get('/login')).text)![1];
    return a;
  };
  const webPost = async (c: Case): Promise<Res> => {
    if (!c.fresh)
      return agents[c.role]
        .post(c.url)
        .type('form')
        .send({ ...c.body, _csrf: tokens[c.role] });
    const agent = c.role === 'anon' ? await anonAgent() : await loginAs(app, w.users[c.role].username);
    const token = await agent.csrf(); // before .post(): the agent attaches its cookies when the request is made
    return agent
      .post(c.url)
      .type('form')
      .send({ ...c.body, _csrf: token });
  };

  it("when the app's route table is read, then every route has its row in the matrix, and every row is a route of the app", () => {
    const routes = routeTable(app);
    assert.ok(routes.length > 100, `the route table was read (${routes.length} routes)`);
    const rows = new Set([...Object.keys(WEB), ...Object.keys(API)]);
    const missing = routes.filter((r) => !rows.has(r));
    const stale = [...rows].filter((r) => !routes.includes(r as never));
    assert.deepEqual(
      missing,
      [],
      `routes without a row in test/http/access-matrix.ts (or -api.ts): state who may use them\n  ${missing.join('\n  ')}`,
    );
    assert.deepEqual(stale, [], `rows for routes the app no longer has:\n  ${stale.join('\n  ')}`);
  });

  it('when each role opens every page, inside and outside its scope, then each gets the status of the matrix and no refusal shows the record', async function () {
    this.timeout(300_000);
    const wrong = await run(
      cases(WEB, w, (m) => m === 'GET'),
      (c) => agents[c.role].get(c.url),
    );
    assert.deepEqual(wrong, [], `\n  ${wrong.join('\n  ')}`);
  });

  it('when each role posts every form with its CSRF token, inside and outside its scope, then each gets the status of the matrix', async function () {
    this.timeout(300_000);
    const wrong = await run(
      cases(WEB, w, (m) => m !== 'GET'),
      webPost,
    );
    assert.deepEqual(wrong, [], `\n  ${wrong.join('\n  ')}`);
  });

  it("when any form is posted without its CSRF token, or with another session's, by the role that may use it, then it is refused with 403 and nothing changes", async function () {
    this.timeout(300_000);
    const wrong: string[] = [];
    const foreign = await (await anonAgent()).csrf();
    for (const [key, e] of Object.entries(WEB)) {
      const [method, path] = key.split(' ');
      if (method === 'GET') continue;
      // The role that would succeed with a token, so that the token is all that stops it.
      const role =
        (['officer', 'farmer', 'bureau', 'admin', 'anon'] as const).find((r) => {
          const x = e.expect[r];
          const own = (Array.isArray(x) ? x[0] : x) as Expect;
          return own !== 403 && own !== 404 && own !== 'login';
        }) ?? 'admin';
      const agent = e.fresh && role !== 'anon' ? await loginAs(app, w.users[role].username) : e.fresh ? await anonAgent() : agents[role];
      const url = e.url(w.own, w);
      const multipart = path === '/imports' || path.endsWith('/paper-consents');
      // The first refusal's "after" is the second's "before": no request runs between them.
      let before = await fingerprint(h.db);
      for (const token of [undefined, foreign]) {
        let req = agent.post(url);
        if (multipart) {
          if (token) req = req.field('_csrf', token);
          req = req
            .field('memberId', w.own.spouse.id)
            .attach(path === '/imports' ? 'file' : 'scan', Buffer.from('%PDF-1.4\n%%EOF\n'), 'x.pdf');
        } else req = req.type('form').send({ ...(e.body?.(w.own, w) ?? {}), ...(token ? { _csrf: token } : {}) });
        const res = await req;
        const after = await fingerprint(h.db);
        const changed = changedTables(before, after);
        before = after;
        if (res.status !== 403) wrong.push(`${key} as ${role}${token ? ' with a foreign token' : ''}: ${res.status}, not 403`);
        if (changed.length) wrong.push(`${key} as ${role}${token ? ' with a foreign token' : ''} changed ${changed.join(', ')}`);
      }
      if (e.fresh && role !== 'anon')
        assert.equal((await agent.get('/account/password')).status, 200, `${key}: still logged in after the refused post`);
    }
    assert.deepEqual(wrong, [], `\n  ${wrong.join('\n  ')}`);
  });

  it('when each role calls every API route with its token, or with none, inside and outside its scope, then each gets the status of the matrix', async function () {
    this.timeout(300_000);
    const wrong = await run(
      cases(API, w, () => true),
      (c) => {
        const [method, path] = [c.key.split(' ')[0].toLowerCase() as 'get' | 'post' | 'patch', c.url];
        let req = request(app)[method](path);
        if (c.role !== 'anon') req = req.set('Authorization', `Bearer ${w.tokens[c.role]}`);
        return method === 'get' ? req : req.send({});
      },
    );
    assert.deepEqual(wrong, [], `\n  ${wrong.join('\n  ')}`);
  });
});
