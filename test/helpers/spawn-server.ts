import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { projectRoot } from './db-snapshot';

// The real server (server/main.ts) in a child process, as an operator starts it: for the tests
// that run two instances on one database, or kill the process in the middle of its work.

export type Instance = { url: string; port: number; proc: ChildProcess; exited: Promise<number | null>; output: () => string; kill: (signal?: NodeJS.Signals) => Promise<void> };

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

/**
 * Starts the server with `env` (DATABASE_URL or DATA_DIR) on a free port; resolves once /healthz answers.
 * `args` are node's: the TypeScript sources through tsx unless told (the compiled build's main.js).
 */
export async function startServer(env: Record<string, string>, timeoutMs = 90_000, args = ['--import', 'tsx', 'server/main.ts']): Promise<Instance> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: { ...process.env, NODE_ENV: 'test', HOST: '127.0.0.1', PORT: String(port), PUBLIC_BASE_URL: url, SEED_DEMO: 'no', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => { out = (out + d.toString()).slice(-20_000); });
  proc.stderr!.on('data', (d: Buffer) => { out = (out + d.toString()).slice(-20_000); });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => { gone = true; });
  const t0 = Date.now();
  for (;;) {
    if (gone) throw new Error(`the server exited while starting:\n${out}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() - t0 > timeoutMs) { proc.kill('SIGKILL'); throw new Error(`the server did not start within ${timeoutMs} ms:\n${out}`); }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url, port, proc, exited, output: () => out,
    kill: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (!gone) proc.kill(signal);
      await exited;
    },
  };
}
