import { now } from '../../kernel/clock';
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { SmsConfig } from '../config';
import { maskPhone } from '../../kernel/phone';

// Where an SMS goes. Each adapter takes one message and resolves when the provider accepted
// it; a throw is retried by the sender with backoff, a PermanentSendError is not.

export type SmsMessage = {
  id: string;
  to: string;
  text: string;
  template: string;
  params: Record<string, unknown>;
  userId: string | null;
  collectiveId: string | null;
};
export type SmsProvider = { name: string; send: (m: SmsMessage) => Promise<{ ref?: string }> };

/** The provider will never take this message (no provider, refused number): not retried. */
export class PermanentSendError extends Error {}

/**
 * Development sink: one JSON line per message in DATA_DIR (what a phone would have shown),
 * read back by the /dev/sms page. The number is written masked: the sink is a file on disk.
 */
export function fileProvider(file: string): SmsProvider {
  return {
    name: 'file',
    async send(m) {
      await mkdir(path.dirname(file), { recursive: true });
      const line = {
        id: m.id,
        at: now().toISOString(),
        to: maskPhone(m.to),
        userId: m.userId,
        collectiveId: m.collectiveId,
        template: m.template,
        text: m.text,
      };
      await appendFile(file, JSON.stringify(line) + '\n', 'utf8');
      return { ref: m.id };
    },
  };
}

/**
 * A generic JSON gateway: POST {id, to, text, template, params} with a bearer token; any 2xx
 * is accepted (a JSON answer's "id" is kept as the provider's reference). 4xx other than 408
 * and 429 is permanent. The message id lets the gateway drop a duplicate of a retried send.
 */
export function httpProvider(url: string, token: string | undefined, fetchImpl: typeof fetch = fetch): SmsProvider {
  return {
    name: 'http',
    async send(m) {
      let res: Response;
      try {
        res = await fetchImpl(url, {
          method: 'POST',
          signal: AbortSignal.timeout(10_000),
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), 'idempotency-key': m.id },
          body: JSON.stringify({ id: m.id, to: m.to, text: m.text, template: m.template, params: m.params }),
        });
      } catch (err) {
        // Only the kind of failure: a message could carry the URL, and the URL could carry a token.
        throw new Error(`network: ${(err as { name?: string }).name ?? 'error'}`);
      }
      if (res.ok) {
        const body = (await res.json().catch(() => null)) as { id?: unknown } | null;
        return { ref: typeof body?.id === 'string' ? body.id.slice(0, 100) : undefined };
      }
      if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429)
        throw new PermanentSendError(`HTTP ${res.status}`);
      throw new Error(`HTTP ${res.status}`);
    },
  };
}

export function noProvider(): SmsProvider {
  return {
    name: 'none',
    send: async () => {
      throw new PermanentSendError('no SMS provider configured (SMS_PROVIDER=none)');
    },
  };
}

export function providerFor(c: SmsConfig): SmsProvider {
  if (c.provider === 'file') return fileProvider(c.file);
  if (c.provider === 'http') return httpProvider(c.url, c.token);
  return noProvider();
}
