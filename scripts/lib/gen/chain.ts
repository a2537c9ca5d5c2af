import type { AuditEntry } from '../../../server/kernel/audit';
import { entryHash, GENESIS_HASH, KEYED } from '../../../server/kernel/audit-hash';
import type { Sink } from './sink';

// The audit trail of the generated data, linked exactly as recordAudit links it (same
// fields, same canonical hash keyed with AUDIT_KEY), in time order, so verifyChain accepts it.

export type Actor = { id: string | null; role: string | null };
export type Pending = { at: number; actor: Actor; e: AuditEntry };

export class Chain {
  seq = 0;
  prev = GENESIS_HASH;
  last = 0;
  constructor(private sink: Sink) {}

  add(at: number, actor: Actor, e: AuditEntry): void {
    // Entries are appended in time order; equal times keep their order (seq breaks the tie).
    if (at < this.last) at = this.last;
    this.last = at;
    const iso = new Date(at).toISOString();
    const fields = {
      at: iso,
      actorId: actor.id,
      actorRole: actor.role,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      collectiveId: e.collectiveId ?? null,
      regionCode: e.regionCode ?? null,
      householdId: e.householdId ?? null,
      rightId: e.rightId ?? null,
      before: e.before ?? null,
      after: e.after ?? null,
      reason: e.reason ?? null,
    };
    // What the database will hand back: jsonb drops undefined keys as canonical() does.
    const hash = entryHash(this.prev, fields);
    this.sink.row('audit_log', [
      ++this.seq,
      iso,
      fields.actorId,
      fields.actorRole,
      fields.action,
      fields.entityType,
      fields.entityId,
      fields.collectiveId,
      fields.regionCode,
      fields.householdId,
      fields.rightId,
      fields.before,
      fields.after,
      fields.reason,
      this.prev,
      hash,
      KEYED,
    ]);
    this.prev = hash;
  }
}
