import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from './db-snapshot';
import { serverBuild } from './server-build';

// The real server in a child process, as an operator starts it (the compiled build, as
// `npm run start:prod` runs it: server-build.ts): for the tests that run two instances on one
// database, or kill the process in the middle of its work.

export type Instance = {
  url: string;
  port: number;
  proc: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
  kill: (signal?: NodeJS.Signals) => Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The compiled build's main.js, started with plain node (no TypeScript loader), as `npm run start:prod` does. */
async function spawnMain(port: number, env: Record<string, string>, user?: { uid: number; gid: number }): Promise<ChildProcess> {
  const url = `http://127.0.0.1:${port}`;
  return spawn(process.execPath, [path.join(await serverBuild(), 'server', 'main.js')], {
    cwd: projectRoot,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_BASE_URL: url,
      SEED_DEMO: 'no',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...user,
  });
}

/**
 * Starts the server with `env` where it must refuse to start; resolves with its exit code and
 * everything it printed. `user`: run it as another user (root writes through any permission bits).
 */
export async function startExpectingExit(
  env: Record<string, string>,
  user?: { uid: number; gid: number },
  timeoutMs = 60_000,
): Promise<{ code: number | null; output: string }> {
  const proc = await spawnMain(await freePort(), env, user);
  let output = '';
  proc.stdout!.on('data', (d: Buffer) => {
    output += d.toString();
  });
  proc.stderr!.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => proc.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, output };
}

/** Starts the server with `env` (DATABASE_URL or DATA_DIR) on a free port; resolves once /healthz answers. */
export async function startServer(env: Record<string, string>, timeoutMs = 90_000): Promise<Instance> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // The trail's anchors name their database; each started server keeps its own (removed after) unless told.
  const anchors = env.AUDIT_ANCHOR_DIR ? null : path.join(os.tmpdir(), `sq-anchors-${randomUUID()}`);
  const proc = await spawnMain(port, anchors ? { AUDIT_ANCHOR_DIR: anchors, ...env } : env);
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  });
  proc.stderr!.on('data', (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  });
  const exited = new Promise<number | null>((resolve) =>
    proc.once('exit', (code) => {
      if (anchors) rmSync(anchors, { recursive: true, force: true });
      resolve(code);
    }),
  );
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const t0 = Date.now();
  for (;;) {
    if (gone) throw new Error(`the server exited while starting:\n${out}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() - t0 > timeoutMs) {
      proc.kill('SIGKILL');
      throw new Error(`the server did not start within ${timeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    proc,
    exited,
    output: () => out,
    kill: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (!gone) proc.kill(signal);
      await exited;
    },
  };
}
