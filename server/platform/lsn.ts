// WAL positions (pg_lsn, written 'X/Y' in hexadecimal) as byte counts that compare: the
// read-your-writes fences (reads.ts) are positions in the primary's write-ahead log.

/** 'X/Y' → bytes; anything else (NULL on a server that is not a replica, a tampered value) → 0. */
export function lsnOf(text: string | null | undefined): bigint {
  const m = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text ?? '');
  return m ? (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`) : 0n;
}

/** Bytes → 'X/Y', as PostgreSQL writes it. */
export function lsnText(n: bigint): string {
  return `${(n >> 32n).toString(16).toUpperCase()}/${(n & 0xffffffffn).toString(16).toUpperCase()}`;
}

export const later = (a: bigint, b: bigint): bigint => (a > b ? a : b);

/**
 * The primary's insert position, and what a fence needs to read it: past every transaction
 * committed so far (also with synchronous_commit off, unlike the flush position).
 */
export const INSERT_POSITION_SQL =
  "select pg_current_wal_insert_lsn()::text as lsn, current_setting('wal_block_size')::int as page, pg_size_bytes(current_setting('wal_segment_size'))::text as segment";

/**
 * The insert position as a fence a replica can reach. When the last record ended exactly at a
 * page's end, PostgreSQL gives the insert position after the next page's header (24 bytes, 40 at
 * a segment's start), which a replica's replay position, the end of the last record, never
 * equals until something else is written: the fence is then the page boundary itself.
 */
export function insertFence(r: { lsn: string; page: number; segment: string }): bigint {
  const at = lsnOf(r.lsn);
  if (at % BigInt(r.segment) === 40n) return at - 40n;
  if (at % BigInt(r.page) === 24n) return at - 24n;
  return at;
}
