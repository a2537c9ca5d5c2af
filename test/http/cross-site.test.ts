import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { sessions } from '../../models/accounts';
import { deals } from '../../models/market';
import type { Handle } from '../../server/platform/db';
import { chooseOffer } from '../../server/market/award';
import { confirmPayment, recordSettlement, signDeal } from '../../server/market/deals';
import { makeOffer } from '../../server/market/offers';
import { registerShares } from '../../server/registry/rights';
import { freshDb } from '../helpers/db';
import { changedTables, fingerprint } from '../helpers/db-fingerprint';
import { makeUser } from '../helpers/factories';
import { testClock } from '../helpers/clock';
import { loginAs, testApp, type Agent } from '../helpers/http';
import { afterNotice, publish } from '../helpers/market';
import { routeTable } from '../helpers/route-table';
import { httpWorld } from '../helpers/market-http';

// Cross-site request forgery, tried as a hostile page would: a form posted from another site
// with the victim's cookie, as multipart (which once skipped the CSRF check) or urlencoded.
// Every state-changing page request needs the session's token; multipart is read only by the
// two upload routes (elsewhere 415); a foreign Origin or Sec-Fetch-Site: cross-site is refused
// before anything runs. The API reads no cookie, so a hostile page cannot act through it.

const EVIL = 'https://evil.example';
const SELF = 'http://localhost:3000';

describe('Cross-site requests: every form needs its token, multipart only where a route reads it, foreign origins refused', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  let w: Awaited<ReturnType<typeof httpWorld>>;
  let buyer: Awaited<ReturnType<Awaited<ReturnType<typeof httpWorld>>['buyer']>>;
  let dealId: string;
  let admin: Agent;
  let victimId: string;
  const clock = testClock();
  before(async () => {
    h = await freshDb();
    app = testApp(h.db, {}, clock);
    w = await httpWorld(h.db, app);
    buyer = await w.buyer();
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 40 });
    const l = await publish(h.db, w, r.id, { path: 'transfer', askingPriceFen: 100000, shares: 10 }, clock.now());
    const o = await makeOffer(h.db, buyer.actor, l.id, { priceFen: 100000 }, clock.now());
    dealId = (await chooseOffer(h.db, w.seller, l.id, { offerId: o.id }, afterNotice())).id;
    admin = await loginAs(app, (await makeUser(h.db, 'admin')).user.username);
    victimId = (await makeUser(h.db, 'officer', { collectiveId: w.c.id })).user.id;
  });
  after(async () => {
    await h.close();
  });

  const deal = async () => (await h.db.select().from(deals).where(eq(deals.id, dealId)))[0];

  /** A token-less multipart form from another site, as a hostile page's <form enctype=multipart/form-data> sends it. */
  const hostileMultipart = (agent: Agent, url: string, origin: string | null, fields: Record<string, string> = {}) => {
    let req = agent.post(url);
    if (origin) req = req.set('Origin', origin).set('Sec-Fetch-Site', 'cross-site');
    for (const [k, v] of Object.entries({ reason: 'x', ...fields })) req = req.field(k, v);
    return req;
  };

  async function refusedUnchanged(what: string, send: () => Promise<{ status: number; text: string }>, status: number, message: RegExp) {
    const before = await fingerprint(h.db);
    const res = await send();
    assert.equal(res.status, status, `${what}: status`);
    assert.match(res.text, message, `${what}: the page says why`);
    assert.deepEqual(changedTables(before, await fingerprint(h.db)), [], `${what}: nothing changed`);
  }

  const CROSS = /来自其他网站/;
  const NO_MULTIPART = /不接受文件上传格式/;

  it('when a hostile page posts token-less multipart forms to sign, confirm payment, register a deal, reset a password and log out, then each is refused and nothing changes', async () => {
    const steps: [string, Agent, string, () => Promise<void>][] = [
      [
        'signing',
        w.sellerAgent,
        `/deals/${dealId}/sign`,
        async () => {
          await signDeal(h.db, w.seller, dealId, clock.now());
          await signDeal(h.db, buyer.actor, dealId, clock.now());
        },
      ],
      [
        'payment confirmation',
        w.sellerAgent,
        `/deals/${dealId}/paid`,
        async () => {
          await confirmPayment(h.db, w.seller, dealId, clock.now());
          await recordSettlement(h.db, w.officer, dealId, clock.now());
        },
      ],
      ['deal registration', w.officerAgent, `/deals/${dealId}/register`, async () => undefined],
      ["a user's password reset", admin, `/admin/users/${victimId}/password`, async () => undefined],
    ];
    for (const [what, agent, url, advance] of steps) {
      await refusedUnchanged(`${what} from ${EVIL}`, () => hostileMultipart(agent, url, EVIL), 403, CROSS);
      // Without Origin (an old browser, or a header stripped by a proxy): the body is never read.
      await refusedUnchanged(`${what} without Origin`, () => hostileMultipart(agent, url, null), 415, NO_MULTIPART);
      await advance();
    }
    assert.equal((await deal()).status, 'settled', 'the deal moved only through the use cases above');
    for (const origin of [EVIL, null]) {
      const before = (await h.db.select().from(sessions)).length;
      const res = await hostileMultipart(buyer.agent, '/logout', origin);
      assert.equal(res.status, origin ? 403 : 415);
      assert.equal((await h.db.select().from(sessions)).length, before, 'no session ended');
      await buyer.agent.get('/account/password').expect(200);
    }
  });

  it('when a form carries the right token but comes from another site (Origin or Sec-Fetch-Site), then it is refused; from the site itself it goes through', async () => {
    const token = await w.officerAgent.csrf();
    const post = (headers: Record<string, string>) =>
      w.officerAgent.post('/notifications/read').set(headers).type('form').send({ _csrf: token });
    for (const headers of <Record<string, string>[]>[
      { Origin: EVIL },
      { Origin: 'null' },
      { Origin: 'http://localhost:3000.evil.example' },
      { 'Sec-Fetch-Site': 'cross-site' },
      { Origin: SELF, 'Sec-Fetch-Site': 'cross-site' },
    ]) {
      await refusedUnchanged(JSON.stringify(headers), () => post(headers), 403, CROSS);
    }
    for (const headers of <Record<string, string>[]>[{ Origin: SELF, 'Sec-Fetch-Site': 'same-origin' }, { 'Sec-Fetch-Site': 'none' }, {}]) {
      const res = await post(headers);
      assert.equal(res.status, 302, `${JSON.stringify(headers)}: a form of the site itself goes through`);
    }
  });

  it('when an upload carries the token but comes from another site, or comes without the token, then it is refused and nothing is stored; with the token from the site, it is read', async () => {
    const upload = async (url: string, field: string, headers: Record<string, string>, withToken: boolean) => {
      let req = w.officerAgent.post(url).set(headers);
      if (withToken) req = req.field('_csrf', await w.officerAgent.csrf());
      return req.field('memberId', w.spouse.id).attach(field, Buffer.from('户编码,姓名\n'), 'register.csv');
    };
    const draft = (await h.db.select().from(deals).where(eq(deals.id, dealId)))[0].listingId; // any listing id: the refusal comes first
    for (const [url, field] of [
      ['/imports', 'file'],
      [`/listings/${draft}/paper-consents`, 'scan'],
      [`/listings/${draft}/objections`, 'attachment'], // an objection's evidence (issue 20)
    ] as const) {
      await refusedUnchanged(`${url} from ${EVIL}`, () => upload(url, field, { Origin: EVIL }, true), 403, CROSS);
      await refusedUnchanged(`${url} without a token`, () => upload(url, field, {}, false), 403, /表单已过期/);
    }
    const res = await upload('/imports', 'file', { Origin: SELF, 'Sec-Fetch-Site': 'same-origin' }, true);
    assert.equal(res.status, 303, 'the import form of the site itself is read');
  });

  it('when any form route of the app but the uploads (import, NY/T 2539 package, paper consent, objection evidence, minutes, register import, inheritance scans) gets a multipart body with the right token, then it answers 415 and nothing changes', async () => {
    const token = await w.officerAgent.csrf();
    const wrong: string[] = [];
    const posts = routeTable(app).filter((k) => !k.startsWith('GET ') && !k.includes(' /api/'));
    assert.ok(posts.length > 40, `the route table was read (${posts.length} form routes)`);
    for (const key of posts) {
      const [method, path] = key.split(' ');
      const url = path.replace(/:[A-Za-z]+/g, randomUUID());
      const before = await fingerprint(h.db);
      const res = await w.officerAgent[method.toLowerCase() as 'post'](url).field('_csrf', token).field('reason', 'x');
      const upload =
        path === '/imports' ||
        path === '/imports/nyt2539' ||
        path.endsWith('/paper-consents') ||
        path === '/listings/:id/objections' || // an objection's evidence (issue 20)
        path === '/collectives/:id/decisions' || // the scanned minutes (issue 15)
        path === '/collectives/:id/members/import' || // the 成员名册 read back (issue 15)
        path.endsWith('/inheritance'); // the inheritance scans (issue 16)
      if (upload ? res.status === 415 : res.status !== 415) wrong.push(`${key}: ${res.status}`);
      if (!upload && !/不接受文件上传格式/.test(res.text)) wrong.push(`${key}: the page does not say why`);
      const changed = changedTables(before, await fingerprint(h.db));
      if (changed.length) wrong.push(`${key} changed ${changed.join(', ')}`);
    }
    assert.deepEqual(wrong, [], `\n  ${wrong.join('\n  ')}`);
  });

  it('when a multipart body has no boundary, a broken one, or is cut short, then the answer is a 4xx page, never a 500, and nothing changes', async () => {
    const token = await w.officerAgent.csrf();
    const draft = (await deal()).listingId;
    const bodies: [string, string][] = [
      ['multipart/form-data', `_csrf=${token}`],
      ['multipart/form-data; boundary=', '--\r\n'],
      [
        'multipart/form-data; boundary=XyZ',
        `--XyZ\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nab`,
      ],
      ['multipart/form-data; boundary=XyZ', 'garbage without any boundary line'],
    ];
    for (const url of ['/imports', `/listings/${draft}/paper-consents`, `/deals/${dealId}/register`, '/notifications/read']) {
      for (const [type, body] of bodies) {
        const before = await fingerprint(h.db);
        const res = await w.officerAgent.post(url).set('Content-Type', type).send(body);
        assert.ok(res.status >= 400 && res.status < 500, `${url} with ${type} (${body.slice(0, 20)}…): ${res.status}`);
        assert.match(res.text, /<html/, 'a page in the layout');
        assert.deepEqual(changedTables(before, await fingerprint(h.db)), [], `${url}: nothing changed`);
      }
    }
  });

  it("when a hostile page sends the victim's session cookie to the API without a bearer token, then the API refuses it (it reads bearer tokens only) and nothing changes", async () => {
    const cookie = (w.officerAgent as unknown as { jar: { getCookies: (o: object) => { toValueString: () => string }[] } }).jar
      .getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false })
      .map((c) => c.toValueString())
      .join('; ');
    const api = (type: string, body: string) =>
      request(app).post(`/api/v1/deals/${dealId}/register`).set('Cookie', cookie).set('Origin', EVIL).set('Content-Type', type).send(body);
    // What a plain form can send (no preflight), and JSON (which a browser would preflight, and we allow no other origin).
    await refusedUnchanged('API, a form body with the session cookie', () => api('text/plain', '{}'), 415, /unsupportedMediaType/);
    await refusedUnchanged('API, JSON with the session cookie', () => api('application/json', '{}'), 401, /unauthorized/);
    assert.equal((await deal()).status, 'settled');
  });
});
