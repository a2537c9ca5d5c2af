import { now } from '../../server/kernel/clock';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { users } from '../../models/accounts';
import { outbox } from '../../models/outbox';
import type { Handle } from '../../server/platform/db';
import { createListing, submitListing } from '../../server/market/listings';
import { approveListing } from '../../server/market/review';
import { sendDueMessages } from '../../server/platform/outbox/sender';
import { issueCertificate } from '../../server/registry/certificates';
import { registerShares } from '../../server/registry/rights';
import { BASE, phones } from '../helpers/activation';
import { freshDb } from '../helpers/db';
import { consentAll, listed, marketWorld, T0 } from '../helpers/market';

// Issue 18 item 15: the notices that ask a farmer to act, or tell them their listing changed,
// go out by SMS too, queued in the transaction of the change and sent from the queue; the
// message is plain Chinese first, English second. Broadcasts stay in the app.
describe('Notices by SMS (issue 18 item 15)', () => {
  let h: Handle;
  before(async () => {
    h = await freshDb();
  });
  after(async () => {
    await h.close();
  });

  it('when a farmer with a phone has a listing approved, then an SMS is queued with the approval in words; the members told of the new listing get none', async () => {
    const w = await marketWorld(h.db);
    await h.db.update(users).set({ phone: '13800138001' }).where(eq(users.id, w.seller.id));
    const member = await w.buyer();
    await h.db.update(users).set({ phone: '13800138002' }).where(eq(users.id, member.actor.id));
    const right = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 10 });
    await issueCertificate(h.db, w.officer, right.id, {}, now());
    const l = await createListing(h.db, w.seller, right.id, listed({ path: 'transfer', askingPriceFen: 500_00, shares: 5 }), T0);
    await consentAll(h.db, w, l.id);
    await submitListing(h.db, w.seller, l.id, T0);
    const before = await h.db.select().from(outbox);
    await approveListing(h.db, w.officer, l.id, T0);
    const queued = (await h.db.select().from(outbox)).filter((m) => !before.some((b) => b.id === m.id));
    assert.deepEqual(
      queued.map((m) => [m.recipient, m.template, (m.params as { notice?: string }).notice]),
      [['13800138001', 'notice', 'approved']],
      'the seller is told by SMS; the broadcast of the new listing stays in the app',
    );

    const provider = phones();
    await sendDueMessages(h.db, provider, { baseUrl: BASE, at: new Date(queued[0].nextAttemptAt.getTime() + 1000) });
    const sms = provider.sent.find((m) => m.to === '13800138001');
    assert.ok(sms, 'the message was sent from the queue');
    assert.match(sms.text, /^【韶关三权平台】您的股权挂牌已通过审核，公示至 .+ 详情请登录 http:\/\/localhost:3000 查看。\n/);
    assert.match(sms.text, /\nSanquan platform: .*approved/i);
    assert.doesNotMatch(sms.text, /{{|market\.notice/);
  });
});
