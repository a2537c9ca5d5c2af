import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { desc } from 'drizzle-orm';
import { auditLog } from '../../models/audit';
import type { Handle } from '../../server/platform/db';
import { recordAudit, verifyChain } from '../../server/kernel/audit';
import { writeAnchor } from '../../server/kernel/audit-anchors';
import { DEV_AUDIT_KEY } from '../../server/platform/config';
import { entryHash, GENESIS_HASH, setAuditKey, UNKEYED } from '../../server/kernel/audit-hash';
import { verifyWithAnchors } from '../../server/kernel/audit-verify';
import { freshDb } from '../helpers/db';

// The keyed chain (AUDIT_KEY) next to the trails written before it: an installation that
// upgrades keeps its old entries verifiable, and a changed key is told apart from a forgery.

describe('The keyed audit chain and the entries written before keying', () => {
  let h: Handle;
  before(async () => {
    h = await freshDb();
  });
  after(async () => {
    setAuditKey(DEV_AUDIT_KEY);
    await h.close();
  });

  /** An entry as the first releases wrote it: plain SHA-256, key_version 0 (the app may append). */
  async function unkeyed(entityId: string): Promise<void> {
    const [last] = await h.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    const prevHash = last?.hash ?? GENESIS_HASH;
    const at = new Date();
    const fields = {
      at: at.toISOString(),
      actorId: null,
      actorRole: null,
      action: 'region.update',
      entityType: 'region',
      entityId,
      collectiveId: null,
      regionCode: '440203',
      householdId: null,
      rightId: null,
      before: null,
      after: null,
      reason: null,
    };
    await h.db.insert(auditLog).values({ ...fields, at, prevHash, hash: entryHash(prevHash, fields, UNKEYED), keyVersion: UNKEYED });
  }
  const keyed = (entityId: string) =>
    recordAudit(h.db, null, { action: 'region.update', entityType: 'region', entityId, regionCode: '440203' });

  it('when a trail begun before keying goes on with keyed entries, then the whole of it verifies', async () => {
    await unkeyed('old-1');
    await unkeyed('old-2');
    await keyed('new-1');
    await keyed('new-2');
    assert.deepEqual(await verifyChain(h.db), { ok: true, count: 4 });
  });

  it('when the app runs with another AUDIT_KEY than the entries were keyed with, then verification fails at the first keyed entry and the anchors say the key differs', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sq-keyed-'));
    try {
      await writeAnchor(h.db, dir);
      setAuditKey('another-key-another-key-another-key!');
      const v = await verifyWithAnchors(h.db, dir);
      assert.equal(v.ok, false);
      assert.equal(v.brokenAt, 3, 'the two unkeyed entries still verify; the first keyed one does not');
      assert.deepEqual(
        v.findings.map((f) => f.kind === 'badAnchor' && f.reason),
        ['otherKey'],
      );
    } finally {
      setAuditKey(DEV_AUDIT_KEY);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    assert.deepEqual(await verifyChain(h.db), { ok: true, count: 4 }, 'with the right key it verifies again');
  });
});
