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
