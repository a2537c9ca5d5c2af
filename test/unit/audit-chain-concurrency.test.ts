import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { rows, type Handle } from '../../server/platform/db';
import { recordAudit, verifyChain } from '../../server/kernel/audit';
import { freshDb } from '../helpers/db';

// The trail is one hash chain (audit.ts). Entries written outside a transaction — a login is
// recorded that way — once forked it on a PostgreSQL server: the advisory lock ended with its own
// statement, so two writers on the pool linked to the same last entry. On the embedded database
// (one connection) they were serialised anyway; with DATABASE_URL this is the case that broke.
describe('Trail chain under concurrent writers (the trail is append-only and verifiable)', () => {
  let h: Handle;
  before(async () => {
    h = await freshDb();
  });
  after(async () => {
    await h.close();
  });

  it('when forty entries are recorded at once outside any transaction, then they form one unbroken chain', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        recordAudit(h.db, null, { action: 'auth.login_failed', entityType: 'user', entityId: `someone-${i}` }),
      ),
    );
    const [{ n, links }] = await rows<{ n: number; links: number }>(
      h.db,
      sql`select count(*)::int as n, count(distinct prev_hash)::int as links from audit_log`,
    );
    assert.equal(n, 40);
    assert.equal(links, 40, 'no two entries link to the same predecessor');
    assert.deepEqual(await verifyChain(h.db), { ok: true, count: 40 });
  });
});
