import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

// A secret parameter of a queued message (an activation code) is kept sealed (AES-256-GCM)
// with a key derived from the app's secret, which lives outside the database: a database
// dump or backup taken while a message waits does not carry a usable code. The key is set
// once at start-up (createApp, the sender); without it (unit tests) a development key is used.

const DEV = 'development-only-outbox-key';
let key = derive(DEV);

function derive(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'sanquan-outbox', 'seal v1', 32));
}

export function useSealKey(secret: string): void {
  key = derive(secret);
}

export function seal(value: Record<string, string>): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([c.update(JSON.stringify(value), 'utf8'), c.final()]);
  return `v1.${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64url')}`;
}

/** The sealed value, or null when it cannot be opened (another key, a damaged value). */
export function unseal(sealed: string): Record<string, string> | null {
  try {
    if (!sealed.startsWith('v1.')) return null;
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    d.setAuthTag(raw.subarray(12, 28));
    const out = JSON.parse(Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8'));
    return out && typeof out === 'object' ? out : null;
  } catch {
    return null;
  }
}
