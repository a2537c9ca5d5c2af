// The audit_log columns the generator writes, in the order Chain.add emits them (chain.ts
// writes, sink.ts copies; kept apart so that neither imports the other).

export const AUDIT_COLUMNS = [
  'seq',
  'at',
  'actor_id',
  'actor_role',
  'action',
  'entity_type',
  'entity_id',
  'collective_id',
  'region_code',
  'household_id',
  'right_id',
  'before',
  'after',
  'reason',
  'prev_hash',
  'hash',
  'key_version',
];
