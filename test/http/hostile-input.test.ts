import assert from 'node:assert/strict';
import fc from 'fast-check';
import request from 'supertest';
import { openapiDocument } from '../../routes/api/openapi';
import { sql } from 'drizzle-orm';
import { rows, type Handle } from '../../server/platform/db';
import { freshDb } from '../helpers/db';
import { changedTables, fingerprint } from '../helpers/db-fingerprint';
import { encodeForm, fieldShape, formsOf, hostileJson, hostileString, MARKUP, rawMarkup, type Form, type Shape } from '../helpers/hostile';
import { loginAs, testApp, type Agent } from '../helpers/http';
import { fill, routeTable } from '../helpers/route-table';
import { roleAgents, securityWorld, type SecurityWorld } from '../helpers/security-world';
import { hostilePages, scopeIds, uploadFile } from './hostile-pages';

// Property tests with hostile input (fast-check): every form the app shows, every route's ids
// and every API body get markup, SQL and operator fragments, Unicode edge cases, long strings,
// out-of-range numbers and dates, malformed ids, and fields repeated or sent as arrays or
// objects. For each: never a 500; a refusal is a clear 4xx and changes nothing; nothing typed
// ever comes back as live markup. Runs per form: HOSTILE_RUNS (default 3) — the suite's time.

const RUNS = Number(process.env.HOSTILE_RUNS ?? 3);
// HOSTILE_SEED replays a failure reported with its seed.
const SEED = process.env.HOSTILE_SEED ? { seed: Number(process.env.HOSTILE_SEED) } : {};
/** fast-check's report without the (possibly huge) counterexample: the seed, and the error a run threw. */
const failure = (e: Error) =>
  [
    ...e.message.split('\n').filter((l) => /Property failed|Got error|seed/.test(l)),
    ...(e.cause ? [`thrown: ${String(e.cause).slice(0, 300)}`] : []),
  ]
    .map((l) => l.slice(0, 400))
    .join(' | ');
// 431: Node's own answer to a request line over its 16 KB header limit (a very long query string), before the app.
const CLEAR_4XX = [400, 401, 403, 404, 409, 413, 415, 422, 429, 431];

describe('Hostile input into every form, route id and API body (no 500, a clear 4xx, nothing changed, nothing unescaped)', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  let w: SecurityWorld;
  let agents: Record<string, Agent>;
  before(async function () {
    this.timeout(180_000);
    h = await freshDb();
    app = testApp(h.db);
    w = await securityWorld(h.db);
    agents = { ...(await roleAgents(app, w)), buyer: await loginAs(app, w.own.buyer.user.username) };
  });
  after(async () => {
    await h?.close();
  });

  /** Checks one answer; returns what is wrong with it. */
  /** Statuses seen, so that a test that only ever met one refusal (say, a bad token) does not pass for a good one. */
  const tally: Record<string, Record<number, number>> = {};
  type Judge = { before?: Record<string, string>; dbMayChangeOnRefusal?: boolean; ignore?: string[]; tallyAs: string };
  /**
   * The database's fingerprint as judge() last took it after a refusal, while no request has run
   * since: the next request's "before" (half the fingerprints, a fifth of this file's time). Any
   * other request, a redirect followed or a token fetched, clears it (takeSettled).
   */
  let settled: Record<string, string> | null = null;
  const takeSettled = async () => {
    const s = settled ?? (await fingerprint(h.db));
    settled = null;
    return s;
  };
  async function judge(
    what: string,
    agent: Agent,
    res: { status: number; text: string; headers: Record<string, string> },
    o: Judge,
  ): Promise<string[]> {
    settled = null;
    const t = (tally[o.tallyAs] ??= {});
    t[res.status] = (t[res.status] ?? 0) + 1;
    const wrong: string[] = [];
    if (res.status >= 500) wrong.push(`${what}: ${res.status}`);
    if (res.status >= 400 && !CLEAR_4XX.includes(res.status)) wrong.push(`${what}: unexpected ${res.status}`);
    const html = /text\/html/.test(res.headers['content-type'] ?? '');
    if ([400, 409, 413, 422].includes(res.status) && html && !/role="alert"/.test(res.text))
      wrong.push(`${what}: ${res.status} without a message`);
    if (res.status >= 400 && o.before && !o.dbMayChangeOnRefusal) {
      const after = await fingerprint(h.db);
      const changed = changedTables(o.before, after).filter((x) => !o.ignore?.includes(x));
      if (changed.length) wrong.push(`${what}: refused with ${res.status} but changed ${changed.join(', ')}`);
      // A refusal follows no redirect: nothing runs between here and the next request.
      settled = after;
    }
    const raw = rawMarkup(res.text);
    if (raw.length) wrong.push(`${what}: unescaped ${raw.join(' ')} in the ${res.status} answer`);
    if (res.status === 302 || res.status === 303) {
      const next = await agent.get(res.headers.location);
      const after = rawMarkup(next.text);
      if (after.length) wrong.push(`${what}: unescaped ${after.join(' ')} on ${res.headers.location}`);
      if (next.status >= 500) wrong.push(`${what}: ${res.headers.location} then answers ${next.status}`);
    }
    return wrong;
  }

  it('when every form the app shows is posted with hostile values in every field, then each answer is a page or a clear refusal that changed nothing', async function () {
    this.timeout(600_000);
    const forms: { role: string; form: Form }[] = [];
    const seen = new Set<string>();
    for (const [role, urls] of Object.entries(hostilePages(w))) {
      for (const url of urls) {
        const page = await agents[role].get(url);
        assert.equal(page.status, 200, `${role} ${url}`);
        for (const form of formsOf(url, page.text)) {
          // One form per kind of action (a page repeats "remove" per member), and never one that logs the agent out.
          const kind = `${role} ${form.action.replace(/[0-9a-f-]{36}/g, ':id')}`;
          if (seen.has(kind) || form.action === '/logout' || Object.values(w.users).some((u) => form.action.includes(u.id))) continue;
          seen.add(kind);
          forms.push({ role, form });
        }
      }
    }
    assert.ok(forms.length >= 40, `forms found: ${forms.length}`);
    const wrong: string[] = [];
    for (const { role, form } of forms) {
      const agent = agents[role];
      const token = await agent.csrf();
      settled = null;
      const shape = Object.fromEntries(form.fields.map((f) => [f, fieldShape]));
      // Besides the random runs, one where every field carries markup, so that the path that
      // accepts text and shows it again is always taken where a form accepts free text.
      const markup = Object.fromEntries(form.fields.map((f, i) => [f, { kind: 'value' as const, values: [MARKUP[i % MARKUP.length]] }]));
      // And one with a NUL in every field, which PostgreSQL refuses in text (a reason field once let it through: 500).
      // The rules refuse < and >, so the attribute breaker (no angle brackets) goes into every field too: it is accepted and shown again.
      const attribute = Object.fromEntries(form.fields.map((f) => [f, { kind: 'value' as const, values: [MARKUP[3]] }]));
      const nul = Object.fromEntries(form.fields.map((f) => [f, { kind: 'value' as const, values: ['a\u0000b'] }]));
      const examples: [Record<string, Shape>, (typeof uploadFile)[number]][] = [
        [markup, uploadFile[1]],
        [attribute, uploadFile[1]],
        [nul, uploadFile[1]],
      ];
      await fc
        .assert(
          fc.asyncProperty(fc.record(shape), fc.constantFrom(...uploadFile), async (fields, file) => {
            const before = await takeSettled();
            let res: request.Response;
            if (form.multipart) {
              let req = agent.post(form.action).field('_csrf', token);
              for (const [k, s] of Object.entries(fields)) for (const v of s.values) req = req.field(k, v);
              res = await req.attach(form.fields.includes('scan') ? 'scan' : 'file', file.bytes, file.name);
            } else {
              res = await agent
                .post(form.action)
                .type('form')
                .send(encodeForm(fields, { _csrf: token }));
            }
            // A failed login (or activation) is recorded in the trail and counted against the address: a change by design.
            // The alerts page scans for new alerts whenever it is shown (alerts.ts), also when it shows a refused note again:
            // here every agent shares one address, so the farmers' earlier forms are new sameAddress alerts (rule 2).
            const problems = await judge(`${role} POST ${form.action} (from ${form.page})`, agent, res, {
              before,
              dbMayChangeOnRefusal: form.action === '/login' || form.action === '/activate',
              tallyAs: 'forms',
              ignore: form.action.startsWith('/oversight/alerts/') ? ['alerts'] : undefined,
            });
            wrong.push(...problems);
            return problems.length === 0;
          }),
          { numRuns: RUNS + examples.length, endOnFailure: true, examples, ...SEED },
        )
        .catch((e: Error) => wrong.push(`${role} POST ${form.action}: ${failure(e)}`));
    }
    // An accepted upload starts an import in the background; let it end before counting changes again.
    for (let i = 0; i < 300 && (await rows(h.db, sql`select 1 from jobs where status = 'running'`)).length; i++)
      await new Promise((r) => setTimeout(r, 100));
    console.log(`      hostile forms: ${forms.length} forms, answers ${JSON.stringify(tally.forms)}`);
    assert.deepEqual(wrong, [], `\n  ${[...new Set(wrong)].join('\n  ')}`);
    // The values reached the rules: some were refused as invalid, some accepted and shown again.
    assert.ok((tally.forms[422] ?? 0) > forms.length / 2, `422s: ${JSON.stringify(tally.forms)}`);
    assert.ok((tally.forms[302] ?? 0) + (tally.forms[303] ?? 0) + (tally.forms[200] ?? 0) > 0, `accepted: ${JSON.stringify(tally.forms)}`);
    assert.ok((tally.forms[403] ?? 0) < forms.length, `few 403s (a token problem would refuse them all): ${JSON.stringify(tally.forms)}`);
    // Markup was stored (as text) somewhere, and the pages that show stored text show it escaped.
    const [stored] = await rows<{ n: number }>(
      h.db,
      sql`select count(*)::int as n from audit_log where (coalesce("after"::text, '') || coalesce(reason, '')) like '%sqx(%'`,
    );
    assert.ok(stored.n > 0, 'some hostile text was accepted and recorded');
    const shown = [
      [agents.officer, `/households/${w.own.hh.id}`],
      [agents.bureau, '/oversight/audit'],
      [agents.admin, '/admin/users'],
      [agents.admin, '/admin/collectives'],
      [agents.farmer, '/my'],
      [agents.farmer, `/listings/${w.own.open.id}`],
      [agents.officer, '/market'],
      [agents.officer, '/households'],
    ] as const;
    for (const [agent, url] of shown) {
      const page = await agent.get(url);
      assert.ok(page.status < 500, `${url}: ${page.status}`);
      assert.deepEqual(rawMarkup(page.text), [], `${url} shows stored markup unescaped`);
    }
  });

  it('when every route is called with malformed, foreign or oversized ids, then each answer is a clear 4xx or a redirect, never a 500', async function () {
    this.timeout(600_000);
    const ids = [
      "' or '1'='1",
      '00000000-0000-0000-0000-000000000000',
      '%E0%A4%A',
      '..%2F..%2Fetc%2Fpasswd',
      `<script>sqx(1)</script>${'A'.repeat(3000)}`,
    ];
    const wrong: string[] = [];
    const token = await agents.officer.csrf();
    const adminToken = await agents.admin.csrf();
    for (const key of routeTable(app)) {
      const [method, path] = key.split(' ');
      if (!path.includes(':')) continue;
      const api = path.startsWith('/api/');
      const admin = path.startsWith('/admin') || path.startsWith('/oversight');
      const before = await fingerprint(h.db);
      for (const id of ids) {
        const names = [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]);
        // The raw id goes into the URL as a client could send it (the malformed escape too).
        const url = fill(path, Object.fromEntries(names.map((n) => [n, 'X']))).replace(/X/g, () =>
          id.includes('%') ? id : encodeURIComponent(id),
        );
        const agent = admin ? agents.admin : agents.officer;
        let res: request.Response;
        if (api)
          res = await request(app)
            [method.toLowerCase() as 'get'](url)
            .set('Authorization', `Bearer ${w.tokens[admin ? 'admin' : 'officer']}`)
            .send(method === 'GET' ? undefined : {});
        else if (method === 'GET') res = await agent.get(url);
        else
          res = await agent
            .post(url)
            .type('form')
            .send({ _csrf: admin ? adminToken : token, reason: 'x' });
        wrong.push(...(await judge(`${key} with id ${id.slice(0, 30)}`, agent, res, { tallyAs: 'ids' })));
      }
      // Using a token records when it was last used; nothing else may change.
      const changed = changedTables(before, await fingerprint(h.db)).filter((x) => x !== 'api_tokens');
      if (changed.length) wrong.push(`${key} with hostile ids changed ${changed.join(', ')}`);
    }
    assert.ok(
      Object.keys(tally.ids).every((st) => Number(st) < 500),
      `${JSON.stringify(tally.ids)}\n  ${wrong.join('\n  ')}`,
    );
    assert.deepEqual(wrong, [], `\n  ${wrong.join('\n  ')}`);
  });

  it('when every page and API list is called with hostile query parameters (search, filters, paging, next), then never a 500 and nothing unescaped', async function () {
    this.timeout(600_000);
    // The names the routes read from req.query, and a few they do not.
    const names = [
      'q',
      'page',
      'state',
      'role',
      'year',
      'month',
      'userId',
      'table',
      'regionCode',
      'region',
      'path',
      'next',
      'format',
      'collectiveId',
      'collective',
      'back',
      'kind',
      'status',
      'from',
      'to',
      'action',
      'lang',
    ];
    // A few parameters per request, so that most requests stay under Node's URL limit and reach the app.
    const shape = fc
      .tuple(fc.subarray(names, { minLength: 1, maxLength: 3 }), fc.array(fieldShape, { minLength: 3, maxLength: 3 }))
      .map(([picked, shapes]) => Object.fromEntries(picked.map((n, i) => [n, shapes[i]])) as Record<string, Shape>);
    // Besides the random runs: every name at once with a NUL (which PostgreSQL refuses in text), and with markup.
    const everyName = ['\u0000', 'a\u0000b', MARKUP[0]].map(
      (v) => [Object.fromEntries(names.map((n) => [n, { kind: 'value' as const, values: [v] }]))] as [Record<string, Shape>],
    );
    // And markup in the search alone, which a search answer repeats (with every name, page= refuses it first).
    everyName.push([{ q: { kind: 'value', values: [MARKUP[1]] } }]);
    // Every page without an id that a role can open (the lists and searches), and the pages with forms.
    const plain = routeTable(app)
      .filter((k) => k.startsWith('GET /') && !k.startsWith('GET /api/') && !k.includes(':'))
      .map((k) => k.slice(4));
    const pages = Object.entries(hostilePages(w)).flatMap(([role, urls]) => urls.map((url) => ({ role, url })));
    for (const role of ['farmer', 'officer', 'bureau', 'admin']) {
      for (const url of plain) if ((await agents[role].get(url)).status === 200) pages.push({ role, url });
    }
    const lists = routeTable(app)
      .filter((k) => k.startsWith('GET /api/') && !k.includes(':'))
      .map((k) => k.slice(4));
    const wrong: string[] = [];
    const ask = async (target: { role: string; url: string } | string, query: string) => {
      if (typeof target === 'string') {
        const res = await request(app).get(`${target}?${query}`).set('Authorization', `Bearer ${w.tokens.officer}`);
        return { res, agent: agents.officer, what: `GET ${target}` };
      }
      const sep = target.url.includes('?') ? '&' : '?';
      return {
        res: await agents[target.role].get(`${target.url}${sep}${query}`),
        agent: agents[target.role],
        what: `${target.role} GET ${target.url}`,
      };
    };
    for (const target of [...pages, ...lists]) {
      await fc
        .assert(
          fc.asyncProperty(shape, async (fields) => {
            const query = encodeForm(fields);
            const { res, agent, what } = await ask(target, query);
            const problems = await judge(`${what}?…`, agent, res, { tallyAs: 'queries' });
            wrong.push(...problems);
            return problems.length === 0;
          }),
          { numRuns: RUNS + everyName.length, endOnFailure: true, examples: everyName, ...SEED },
        )
        .catch((e: Error) => wrong.push(`${typeof target === 'string' ? target : target.url}: ${failure(e)}`));
    }
    console.log(`      hostile queries: ${pages.length} pages, ${lists.length} API lists, answers ${JSON.stringify(tally.queries)}`);
    assert.deepEqual(wrong, [], `\n  ${[...new Set(wrong)].join('\n  ')}`);
    assert.ok(lists.length >= 3 && pages.length >= 20, `${lists.length} API lists, ${pages.length} pages`);
    assert.ok((tally.queries[200] ?? 0) > (tally.queries[431] ?? 0), `most requests reach the app: ${JSON.stringify(tally.queries)}`);
  });

  it('when every API body is sent with hostile JSON values, wrong types, extra keys or no object at all, then each answer is JSON, never a 500, and a refusal changes nothing', async function () {
    this.timeout(600_000);
    const doc = openapiDocument('http://localhost:3000') as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: { $ref?: string; properties?: object } }> } }>
      >;
      components: { schemas: Record<string, { properties?: object }> };
    };
    const wrong: string[] = [];
    for (const [tpl, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const schema = op?.requestBody?.content?.['application/json']?.schema;
        if (!schema) continue;
        const props = Object.keys((schema.$ref ? doc.components.schemas[schema.$ref.split('/').pop()!] : schema).properties ?? {});
        const url = `/api${scopeIds(tpl, w)}`;
        // The token of a role that gets past the route's role check, so the body is what is judged.
        let bearer = w.tokens.officer;
        if ((await request(app)[method as 'post'](url).set('Authorization', `Bearer ${bearer}`).send({})).status === 403)
          bearer = w.tokens.farmer;
        settled = null; // the probe above was a request of its own
        const body = fc.oneof(
          {
            weight: 8,
            arbitrary: fc.record(Object.fromEntries([...props, '__proto__', 'role', 'collectiveId'].map((p) => [p, hostileJson])), {
              requiredKeys: [],
            }),
          },
          { weight: 1, arbitrary: fc.oneof(fc.array(hostileJson, { maxLength: 2 }), hostileString, fc.constantFrom(null, 42, true)) },
        );
        await fc
          .assert(
            fc.asyncProperty(body, async (b) => {
              const before = await takeSettled();
              const res = await request(app)
                [method as 'post'](url)
                .set('Authorization', `Bearer ${bearer}`)
                .set('Content-Type', 'application/json')
                .send(JSON.stringify(b));
              const problems = await judge(`${method.toUpperCase()} ${url}`, agents.anon, res, {
                before,
                ignore: ['api_tokens'],
                tallyAs: 'api',
              });
              if (!/^application\/json/.test(res.headers['content-type'] ?? ''))
                problems.push(`${method.toUpperCase()} ${url}: ${res.status} is not JSON`);
              if (res.status >= 400 && typeof res.body?.error?.code !== 'string')
                problems.push(`${method.toUpperCase()} ${url}: ${res.status} without an error code`);
              wrong.push(...problems);
              return problems.length === 0;
            }),
            { numRuns: RUNS + 3, endOnFailure: true, examples: [[Object.fromEntries(props.map((p) => [p, 'a\u0000b']))]], ...SEED },
          )
          .catch((e: Error) => wrong.push(failure(e)));
      }
    }
    assert.deepEqual(wrong, [], `\n  ${[...new Set(wrong)].join('\n  ')}`);
    assert.ok((tally.api[422] ?? 0) + (tally.api[400] ?? 0) > 10, `refusals: ${JSON.stringify(tally.api)}`);
  });
});
