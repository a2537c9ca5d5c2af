import type { Express } from 'express';
import request from 'supertest';
import type { Db } from '../../server/platform/db';
import { PermanentSendError, type SmsMessage, type SmsProvider } from '../../server/platform/outbox/providers';
import { sendDueMessages } from '../../server/platform/outbox/sender';
import { csrfFrom, type Agent } from './http';

// Rule 2 in tests: accounts opened by officers are activated by the farmer with the code that
// went out by SMS. A provider that keeps what it is given stands in for the phones.

export const BASE = 'http://localhost:3000';

export function phones(): SmsProvider & { sent: SmsMessage[] } {
  const sent: SmsMessage[] = [];
  return {
    name: 'test',
    sent,
    send: async (m) => {
      sent.push(m);
      return { ref: `t-${sent.length}` };
    },
  };
}

export function failing(permanent = false): SmsProvider & { calls: number } {
  const p = {
    name: 'failing',
    calls: 0,
    send: async () => {
      p.calls++;
      throw permanent ? new PermanentSendError('HTTP 400') : new Error('HTTP 503');
    },
  };
  return p;
}

/** Runs the sender once now; returns what reached the phones this time. */
export async function deliver(db: Db, at = new Date()): Promise<SmsMessage[]> {
  const p = phones();
  await sendDueMessages(db, p, { baseUrl: BASE, at });
  return p.sent;
}

/** The code in an SMS text (the first run of eight digits). */
export function codeIn(text: string): string {
  const m = /(?<![0-9])([0-9]{8})(?![0-9])/.exec(text);
  if (!m) throw new Error(`no code in: ${text}`);
  return m[1];
}

/** Posts the /activate form as an anonymous visitor (a fresh agent). */
export async function activateForm(app: Express, form: Record<string, string>): Promise<{ agent: Agent; res: request.Response }> {
  const agent = request.agent(app) as Agent;
  const page = await agent.get('/activate');
  const res = await agent
    .post('/activate')
    .type('form')
    .send({ _csrf: csrfFrom(page.text), ...form });
  agent.csrf = async () => csrfFrom((await agent.get('/account/password')).text);
  return { agent, res };
}
