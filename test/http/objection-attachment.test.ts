import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { listings } from '../../models/market';
import { listingObjections } from '../../models/objections';
import type { Handle } from '../../server/platform/db';
import { registerShares } from '../../server/registry/rights';
import { testClock } from '../helpers/clock';
import { freshDb } from '../helpers/db';
import { makeUser } from '../helpers/factories';
import { type Agent, loginAs, testApp } from '../helpers/http';
import { publish } from '../helpers/market';
import { httpWorld, PDF } from '../helpers/market-http';

// Issue 20 item 1: an objection's evidence (a photo or a PDF), sent with the lodging form. The
// same safety as the consent scans: multipart only on this route, the CSRF token checked right
// after parsing, the type recognised by content (never by name or declared type), at most 5 MB,
// kept in the database (never under public/), served only to those who see the objection (rule
// 12), not cached. A refused file keeps what was typed and writes nothing.

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

describe('Objection evidence: upload and who may see it (rule 12, issue 20)', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  const clock = testClock();
  before(async () => {
    h = await freshDb();
    app = testApp(h.db, {}, clock);
  });
  after(async () => {
    await h.close();
  });

  async function onSale() {
    const w = await httpWorld(h.db, app);
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 40 });
    const l = await publish(h.db, w, r.id, { path: 'transfer', askingPriceFen: 100000, shares: 10 }, clock.now());
    return { w, l };
  }
  const lodge = async (
    agent: Agent,
    listingId: string,
    fields: Record<string, string>,
    file?: { bytes: Buffer; name: string; type: string },
  ) => {
    let req = agent.post(`/listings/${listingId}/objections`).field('_csrf', await agent.csrf());
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    if (file) req = req.attach('attachment', file.bytes, { filename: file.name, contentType: file.type });
    return req;
  };
  const rows = (listingId: string) => h.db.select().from(listingObjections).where(eq(listingObjections.listingId, listingId));
  const paused = async (listingId: string) => (await h.db.select().from(listings).where(eq(listings.id, listingId)))[0].objectionPausedAt;

  it('when a member household lodges an objection with a photo, then it is stored by its content type and shown to the officer, the seller, the county bureau and the objector only', async () => {
    const { w, l } = await onSale();
    const neighbour = await w.buyer();
    const res = await lodge(
      neighbour.agent,
      l.id,
      { ground: 'boundaries', text: '东边界桩被移动，附照片' },
      { bytes: PNG, name: '../../界桩.pdf', type: 'application/pdf' },
    );
    assert.equal(res.status, 302, res.text);
    const [o] = await rows(l.id);
    assert.equal(o.attachmentMime, 'image/png', 'the type its bytes show, not the name or the declared type');
    assert.equal(o.attachmentSize, PNG.length);
    assert.ok(o.attachment?.equals(PNG));
    assert.ok(await paused(l.id));

    const url = `/objections/${o.id}/attachment`;
    const officerPage = await w.officerAgent.get(`/listings/${l.id}`).expect(200);
    assert.ok(officerPage.text.includes(`href="${url}"`), 'the officer deciding the finding sees the evidence');
    const served = await w.officerAgent.get(url).buffer(true).expect(200);
    assert.equal(served.headers['content-type'], 'image/png');
    assert.equal(served.headers['cache-control'], 'no-store');
    assert.ok(Buffer.from(served.body).equals(PNG));
    await w.sellerAgent.get(url).expect(200);
    await neighbour.agent.get(url).expect(200);

    const county = await makeUser(h.db, 'bureau', { regionCode: w.c.regionCode.slice(0, 6) });
    const bureau = await loginAs(app, county.user.username);
    const open = await bureau.get('/oversight/objections').expect(200);
    assert.ok(open.text.includes(`href="${url}"`), "the bureau's open-objections page links the evidence");
    await bureau.get(url).expect(200);

    const otherMember = await w.buyer();
    await otherMember.agent.get(url).expect(404);
    assert.ok(!(await otherMember.agent.get(`/listings/${l.id}`).expect(200)).text.includes(url));
    await w.outsiderAgent.get(url).expect(403);
    const elsewhere = await makeUser(h.db, 'bureau', { regionCode: '440203' });
    await (await loginAs(app, elsewhere.user.username)).get(url).expect(404);
    await request(app).get(url).expect(302);
  });

  it('when the file is not a photo or a PDF by its content, or is over 5 MB, then the form comes back with the reason and what was typed, and nothing is written', async () => {
    const { w, l } = await onSale();
    const neighbour = await w.buyer();
    const typed = { ground: 'disputed', text: '这份股权我家也有份' };
    const markup = await lodge(neighbour.agent, l.id, typed, {
      bytes: Buffer.from('<html><script>alert(1)</script></html>'),
      name: 'evidence.pdf',
      type: 'application/pdf',
    });
    assert.equal(markup.status, 422);
    assert.match(markup.text, /PDF, JPEG, PNG/);
    assert.ok(markup.text.includes('这份股权我家也有份'), 'the text typed is kept');
    assert.match(markup.text, /<option value="disputed" selected>/);
    assert.match(markup.text, /<details class="card" open>/);

    const big = Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024, 0x20)]);
    const tooBig = await lodge(neighbour.agent, l.id, typed, { bytes: big, name: 'big.pdf', type: 'application/pdf' });
    assert.equal(tooBig.status, 422);
    assert.match(tooBig.text, /5 MB/);
    assert.ok(tooBig.text.includes('这份股权我家也有份'));

    const forged = await neighbour.agent
      .post(`/listings/${l.id}/objections`)
      .field('ground', 'other')
      .field('text', '没有令牌')
      .attach('attachment', PDF, { filename: 'a.pdf', contentType: 'application/pdf' });
    assert.equal(forged.status, 403, 'the CSRF token is checked right after parsing');

    assert.equal((await rows(l.id)).length, 0);
    assert.equal(await paused(l.id), null);

    const none = await lodge(neighbour.agent, l.id, typed);
    assert.equal(none.status, 302, 'the evidence is optional');
    const [o] = await rows(l.id);
    assert.equal(o.attachment, null);
    assert.equal(o.attachmentMime, null);
    await w.officerAgent.get(`/objections/${o.id}/attachment`).expect(404);
  });
});
