import type { Express } from 'express';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../server/app';
import { systemClock, type Clock } from '../../server/kernel/clock';
import { loadConfig } from '../../server/platform/config';
import type { Db } from '../../server/platform/db';
import { makeCollective, makeUser, PASSWORD } from './factories';

// Made only when an anchor is written; removed when the test process ends.
const anchorDirs = new Set<string>();
process.once('exit', () => {
  for (const d of anchorDirs) rmSync(d, { recursive: true, force: true });
});

/**
 * The app on `db`, configured as in a test run. Each app gets an anchor folder of its own: the
 * trail's anchors name the database they belong to, and every in-memory database is 'embedded'.
 * `clock`: a test clock (test/helpers/clock.ts) for a test that moves time; the machine's otherwise.
 */
export function testApp(db: Db, env: Record<string, string> = {}, clock: Clock = systemClock): Express {
  const anchors = path.join(os.tmpdir(), `sq-anchors-${randomUUID()}`);
  anchorDirs.add(anchors);
  const config = loadConfig({ NODE_ENV: 'test', PUBLIC_BASE_URL: 'http://localhost:3000', AUDIT_ANCHOR_DIR: anchors, ...env });
  return createApp({ db, config, clock, logger: pino({ level: process.env.TEST_LOG ?? 'silent' }) });
}

export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1];
}

/** `signIn`: logs the same agent in again, e.g. after a test clock moved past its session's 12 hours. */
export type Agent = ReturnType<typeof request.agent> & { csrf: () => Promise<string>; signIn: () => Promise<void> };

/** Logs in through the real login form, CSRF token and all. */
export async function loginAs(app: Express, username: string, password = PASSWORD): Promise<Agent> {
  const agent = request.agent(app) as Agent;
  agent.signIn = async () => {
    const page = await agent.get('/login').expect(200);
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username, password });
    if (res.status !== 302) throw new Error(`login failed for ${username}: ${res.status}`);
  };
  await agent.signIn();
  agent.csrf = async () => csrfFrom((await agent.get('/account/password')).text);
  return agent;
}

/** Posts a form with a fresh CSRF token taken from a page the user can see. */
export async function postForm(agent: Agent, url: string, body: Record<string, unknown>) {
  return agent
    .post(url)
    .type('form')
    .send({ _csrf: await agent.csrf(), ...body });
}

/** A collective, its officer, and that officer logged in through the real form: most HTTP tests start here. */
export async function officerSession(app: Express, db: Db, over: Parameters<typeof makeCollective>[1] = {}) {
  const c = await makeCollective(db, over);
  const { user, actor } = await makeUser(db, 'officer', { collectiveId: c.id });
  return { c, user, actor, prefix: c.regionCode + c.groupCode, agent: await loginAs(app, user.username) };
}
