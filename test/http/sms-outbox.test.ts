import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { eq, inArray } from 'drizzle-orm';
import { requestOrigins } from '../../models/origins';
import { purgeOldOrigins } from '../../server/kernel/origins';
import { outbox } from '../../models/outbox';
import type { Handle } from '../../server/platform/db';
import { fileProvider, httpProvider } from '../../server/platform/outbox/providers';
import { enqueueSms, purgeOldMessages } from '../../server/platform/outbox/queue';
import { useSealKey } from '../../server/platform/outbox/seal';
import { backoffMs, MAX_ATTEMPTS, sendDueMessages } from '../../server/platform/outbox/sender';
import { loadConfig } from '../../server/platform/config';
import { freshDb } from '../helpers/db';
import { makeCollective, makeHousehold, makeUser } from '../helpers/factories';
import { loginAs, postForm, testApp } from '../helpers/http';
import { BASE, codeIn, failing, phones } from '../helpers/activation';
import { listMembers } from '../../server/registry/households';

// The outgoing-message channel: queued with the change, sent later, retried with backoff,
// never blocking the action, safe on several instances, and never writing a code or a full
// number into a log. The development sink shows officers their own collective's messages only.

const PHONE = '13912345678';
const SEC = 1000;

describe('SMS outbox: queue, sender, providers, development sink', function () {
  this.timeout(60_000);
  let h: Handle;
  before(async () => {
    h = await freshDb();
  });
  after(async () => {
    await h.close();
  });

  // Queued now, by the machine's clock, as are the times the sender is run at below (not the clock of
  // whatever app another test file built last).
  const queue = (over: Partial<Parameters<typeof enqueueSms>[1]> = {}) =>
    enqueueSms(h.db, {
      to: PHONE,
      template: 'activation',
      params: { username: 'u1', hours: 72 },
      secret: { code: '24681357' },
      at: new Date(),
      ...over,
    });
  const row = async (id: string) => (await h.db.select().from(outbox).where(eq(outbox.id, id)))[0];
  const logger = () => {
    const lines: object[] = [];
    const put = (o: object, m: string) => {
      lines.push({ ...o, msg: m });
    };
    return { lines, error: put, warn: put, info: put };
  };

  it('when the provider fails, then the message waits with growing delays, is given up after the last try with its code erased, and the log shows neither the number nor the code', async () => {
    const { id } = await queue();
    const p = failing();
    const log = logger();
    let at = new Date(Date.now() + SEC);
    for (let n = 1; n <= MAX_ATTEMPTS; n++) {
      // Not yet due a moment before its time: nothing is tried.
      if (n > 1) await sendDueMessages(h.db, p, { baseUrl: BASE, at: new Date(at.getTime() - 5 * SEC), log });
      assert.equal(p.calls, n - 1);
      await sendDueMessages(h.db, p, { baseUrl: BASE, at, log });
      const r = await row(id);
      assert.equal(r.attempts, n);
      if (n < MAX_ATTEMPTS) {
        assert.deepEqual([r.status, r.lastError], ['pending', 'HTTP 503']);
        assert.equal(r.nextAttemptAt.getTime() - at.getTime(), backoffMs(n));
        assert.ok(r.sealed, 'the code waits, sealed');
        at = r.nextAttemptAt;
      } else {
        assert.deepEqual([r.status, r.sealed], ['failed', null]);
      }
    }
    assert.deepEqual([backoffMs(1), backoffMs(2), backoffMs(3), backoffMs(20)], [30 * SEC, 60 * SEC, 120 * SEC, 3600 * SEC]);
    const text = JSON.stringify(log.lines);
    assert.ok(log.lines.length >= MAX_ATTEMPTS);
    assert.ok(!text.includes(PHONE) && !text.includes('24681357'), text);
    assert.ok(text.includes('139****5678'));
  });

  it('when the provider refuses for good, or the message outlived its code, then it is not retried', async () => {
    const refused = await queue();
    const p = failing(true);
    await sendDueMessages(h.db, p, { baseUrl: BASE, at: new Date(Date.now() + SEC) });
    assert.deepEqual([(await row(refused.id)).status, (await row(refused.id)).lastError], ['failed', 'HTTP 400']);
    const late = await queue({ expiresAt: new Date(Date.now() + 10 * SEC) });
    const phone = phones();
    await sendDueMessages(h.db, phone, { baseUrl: BASE, at: new Date(Date.now() + 20 * SEC) });
    assert.deepEqual([(await row(late.id)).status, (await row(late.id)).sealed], ['cancelled', null]);
    assert.equal(phone.sent.filter((m) => m.id === late.id).length, 0);
  });

  it('when several instances send at once, then each message goes out once', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 12; i++) ids.add((await queue({ params: { username: `many${i}`, hours: 72 } })).id);
    const p = phones();
    const slow = {
      ...p,
      send: async (m: Parameters<typeof p.send>[0]) => {
        await new Promise((r) => setImmediate(r));
        return p.send(m);
      },
    };
    const at = new Date(Date.now() + 60 * SEC);
    await Promise.all([1, 2, 3].map(() => sendDueMessages(h.db, slow, { baseUrl: BASE, at })));
    const mine = p.sent.filter((m) => ids.has(m.id));
    assert.equal(mine.length, ids.size);
    assert.equal(new Set(mine.map((m) => m.id)).size, ids.size);
    for (const id of ids) assert.equal((await row(id)).status, 'sent');
  });

  it('when the app secret changed while a message waited, then it is given up (no one can read its code) rather than sent wrong', async () => {
    const { id } = await queue();
    useSealKey('another-secret-'.repeat(3));
    try {
      await sendDueMessages(h.db, phones(), { baseUrl: BASE, at: new Date(Date.now() + 120 * SEC) });
    } finally {
      useSealKey(loadConfig({ NODE_ENV: 'test' }).sessionSecret);
    }
    assert.deepEqual([(await row(id)).status, (await row(id)).lastError], ['failed', 'sealed with another key']);
  });

  it('when the HTTP gateway is used, then it gets JSON with the text, template and parameters, the token and an idempotency key; 5xx is retried, 4xx is not', async () => {
    const got: { auth?: string; key?: string; body: Record<string, unknown> }[] = [];
    let answer = 200;
    const server = createServer((req: IncomingMessage, res) => {
      let raw = '';
      req.on('data', (c) => {
        raw += c;
      });
      req.on('end', () => {
        got.push({ auth: req.headers.authorization, key: req.headers['idempotency-key'] as string, body: JSON.parse(raw) });
        res.writeHead(answer, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'gw-1' }));
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
    try {
      const gw = httpProvider(url, 'gateway-token-1');
      const first = await queue();
      await sendDueMessages(h.db, gw, { baseUrl: BASE, at: new Date(Date.now() + 200 * SEC) });
      const sent = got.find((g) => g.body.id === first.id)!;
      assert.equal(sent.auth, 'Bearer gateway-token-1');
      assert.equal(sent.key, first.id);
      assert.equal(sent.body.to, PHONE);
      assert.equal(sent.body.template, 'activation');
      assert.deepEqual(sent.body.params, { username: 'u1', hours: 72, code: '24681357' });
      assert.equal(codeIn(String(sent.body.text)), '24681357');
      assert.deepEqual([(await row(first.id)).status, (await row(first.id)).providerRef], ['sent', 'gw-1']);
      answer = 502;
      const busy = await queue();
      await sendDueMessages(h.db, gw, { baseUrl: BASE, at: new Date(Date.now() + 300 * SEC) });
      assert.deepEqual([(await row(busy.id)).status, (await row(busy.id)).lastError], ['pending', 'HTTP 502']);
      answer = 422;
      await sendDueMessages(h.db, gw, { baseUrl: BASE, at: new Date(Date.now() + 400 * SEC) });
      assert.deepEqual([(await row(busy.id)).status, (await row(busy.id)).lastError], ['failed', 'HTTP 422']);
    } finally {
      server.close();
    }
  });

  it('when sent messages and request addresses are older than 90 days, then they are deleted (personal data); waiting messages stay', async () => {
    const old = new Date(Date.now() - 91 * 86_400_000);
    const [sent, waiting, recent] = [await queue(), await queue(), await queue()];
    await h.db.update(outbox).set({ status: 'sent', sealed: null, createdAt: old }).where(eq(outbox.id, sent.id));
    await h.db.update(outbox).set({ createdAt: old }).where(eq(outbox.id, waiting.id));
    await h.db.insert(requestOrigins).values([
      { seq: 900_001, at: old, ip: '192.0.2.1' },
      { seq: 900_002, at: new Date(), ip: '192.0.2.2' },
    ]);
    await purgeOldMessages(h.db, new Date());
    await purgeOldOrigins(h.db, new Date());
    assert.equal(await row(sent.id), undefined);
    assert.ok((await row(waiting.id)) && (await row(recent.id)));
    assert.deepEqual(
      (
        await h.db
          .select()
          .from(requestOrigins)
          .where(inArray(requestOrigins.seq, [900_001, 900_002]))
      ).map((o) => o.seq),
      [900_002],
    );
  });

  it("when SMS_PROVIDER=file, then the sink page shows an officer the messages to their own collective's farmers only, admins all, others nothing", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sq-sms-'));
    const app = testApp(h.db, { DATA_DIR: dataDir });
    const sides = [];
    for (const village of ['440205100201', '440203100201']) {
      const c = await makeCollective(h.db, { regionCode: village });
      const { user, actor } = await makeUser(h.db, 'officer', { collectiveId: c.id });
      const hh = await makeHousehold(h.db, actor, c);
      const [head] = await listMembers(h.db, hh.id);
      const agent = await loginAs(app, user.username);
      assert.equal(
        (
          await postForm(agent, `/households/${hh.id}/accounts/new`, {
            memberId: head.id,
            username: `sink_${hh.code}`,
            phone: village === '440205100201' ? '13711112222' : '13733334444',
          })
        ).status,
        303,
      );
      sides.push({ agent, hh });
    }
    const file = path.join(dataDir, 'sms-outbox.jsonl');
    await sendDueMessages(h.db, fileProvider(file), { baseUrl: BASE, at: new Date(Date.now() + 500 * SEC) });
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.ok(lines.length >= 2);
    assert.ok(!readFileSync(file, 'utf8').includes('13711112222'), 'the sink file keeps the number masked');
    const [a, b] = sides;
    const pageA = await a.agent.get('/dev/sms').expect(200);
    assert.ok(pageA.text.includes(`sink_${a.hh.code}`) && pageA.text.includes('137****2222'));
    assert.ok(!pageA.text.includes(`sink_${b.hh.code}`), "not another collective's messages");
    assert.match(pageA.text, /激活码 \d{8}/);
    const admin = await loginAs(app, (await makeUser(h.db, 'admin')).user.username);
    const all = await admin.get('/dev/sms').expect(200);
    assert.ok(all.text.includes(`sink_${a.hh.code}`) && all.text.includes(`sink_${b.hh.code}`));
    await (await loginAs(app, (await makeUser(h.db, 'bureau', { regionCode: '440200' })).user.username)).get('/dev/sms').expect(403);
    // Another provider: there is no sink to show.
    const prod = testApp(h.db, { DATA_DIR: dataDir, SMS_PROVIDER: 'http', SMS_HTTP_URL: 'http://127.0.0.1:9/sms' });
    await (await loginAs(prod, (await makeUser(h.db, 'admin')).user.username)).get('/dev/sms').expect(404);
  });
});
