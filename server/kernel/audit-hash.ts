import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { DEV_AUDIT_KEY } from '../platform/config';

// How the trail is linked and its anchors signed. Entries are keyed with AUDIT_KEY (HMAC), a
// secret kept outside the database: whoever holds only the database (a stolen owner password,
// a copied disk) can neither rewrite an entry nor forge an anchor so that it still verifies.
// Entries written before keying (key_version 0) keep their plain SHA-256 links and still verify;
// once a keyed entry is in the chain, an unkeyed one after it is a break (no downgrade).

export const GENESIS_HASH = '0'.repeat(64);
/** key_version of entries linked with the plain SHA-256 of the first releases. */
export const UNKEYED = 0;
/** key_version of entries linked with HMAC-SHA256 under AUDIT_KEY. */
export const KEYED = 1;

type Keys = { chain: Buffer; anchor: Buffer; id: string };
let keys = derive(DEV_AUDIT_KEY);

/** One secret, three uses that must not stand in for each other: chain links, anchor signatures, a key fingerprint. */
function derive(secret: string): Keys {
  const sub = (label: string) => createHmac('sha256', secret).update(label).digest();
  return {
    chain: sub('sanquan audit chain v1'),
    anchor: sub('sanquan audit anchor v1'),
    id: sub('sanquan audit key id').toString('hex').slice(0, 16),
  };
}

/** Set once at start-up from the configuration (AUDIT_KEY); until then the development key. */
export function setAuditKey(secret: string): void {
  keys = derive(secret);
}

/** A fingerprint of the key in use: anchors carry it, so a changed AUDIT_KEY is told apart from a forgery. */
export function auditKeyId(): string {
  return keys.id;
}

/** Canonical JSON: keys sorted, so the hash does not depend on insertion order. */
export function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The link of one entry: its content and the link before it, keyed unless it is an old unkeyed entry. */
export function entryHash(prevHash: string, fields: Record<string, unknown>, keyVersion: number = KEYED): string {
  const h = keyVersion === UNKEYED ? createHash('sha256') : createHmac('sha256', keys.chain);
  return h.update(prevHash).update('\n').update(canonical(fields)).digest('hex');
}

/** The signature of an anchor record (every field but the signature itself). */
export function anchorMac(record: Record<string, unknown>): string {
  return createHmac('sha256', keys.anchor).update(canonical(record)).digest('hex');
}

export function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
