// npx tsx test/bench/suite-cpu.ts [--out FILE] [-- command ...]   (default command: npm test)
//
// Where the test suite's time goes (issue 19, "npm test under 5 minutes"): runs the command and,
// every second, reads the CPU time of every process on the machine from /proc, by kind — the
// mocha processes (the tests themselves, with the in-process app and the embedded database),
// Chromium, PostgreSQL, servers and commands the tests start as child processes, the rest — and
// the machine's busy and idle time from /proc/stat. A process that lives less than a second is
// counted in "unattributed" (the machine's busy time less what the samples saw). Figures go to
// test/bench/results/suite-cpu-<date>.json (or --out) and are quoted in BENCHMARKS.md.

import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const { values: a } = parseArgs({
  args: dash < 0 ? argv : argv.slice(0, dash),
  options: { out: { type: 'string' } },
});
const command = dash < 0 ? ['npm', 'test'] : argv.slice(dash + 1);
const TICK = 100; // USER_HZ on Linux

type Kind = 'mocha (tests, in-process app, embedded database)' | 'chromium' | 'postgres' | 'spawned servers and commands' | 'other';

function kindOf(pid: string, comm: string): Kind {
  if (comm.startsWith('chrom') || comm === 'headless_shell') return 'chromium';
  if (comm === 'postgres' || comm.startsWith('pg_')) return 'postgres';
  let cmd = '';
  try {
    cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return 'other';
  }
  if (cmd.includes('chromium')) return 'chromium';
  if (cmd.includes('mocha')) return 'mocha (tests, in-process app, embedded database)';
  if (/server\/main\.(ts|js)|scripts\/|tsx|npm run/.test(cmd)) return 'spawned servers and commands';
  return 'other';
}

/** CPU ticks (user + system) of every live process, with its kind. */
function processes(): Map<string, { ticks: number; kind: Kind }> {
  const out = new Map<string, { ticks: number; kind: Kind }>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const f = stat.slice(close + 2).split(' ');
      // Fields 14 and 15 of /proc/PID/stat (utime, stime), counted from the state (field 3).
      out.set(`${pid}:${f[19]}`, { ticks: Number(f[11]) + Number(f[12]), kind: kindOf(pid, comm) });
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return out;
}

function machine(): { busy: number; idle: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = cpu[3] + cpu[4];
  return { busy: cpu.slice(0, 8).reduce((s, x) => s + x, 0) - idle, idle };
}

const byKind = new Map<Kind, number>();
const seen = new Map<string, number>();
const self = String(process.pid);
function sample() {
  for (const [key, p] of processes()) {
    if (key.startsWith(`${self}:`)) continue;
    const before = seen.get(key);
    // A process first seen now: what it used before this sample counts too if it started during the run.
    const delta = before === undefined ? (started ? p.ticks : 0) : p.ticks - before;
    seen.set(key, p.ticks);
    if (delta > 0) byKind.set(p.kind, (byKind.get(p.kind) ?? 0) + delta);
  }
}

let started = false;
sample();
started = true;
const m0 = machine();
const t0 = Date.now();
const load0 = os.loadavg();
const child = spawn(command[0], command.slice(1), { cwd: ROOT, stdio: 'inherit', env: process.env });
const timer = setInterval(sample, 1000);
const code: number | null = await new Promise((resolve) => child.once('exit', (c) => resolve(c)));
clearInterval(timer);
sample();
const m1 = machine();
const wall = (Date.now() - t0) / 1000;
const busy = (m1.busy - m0.busy) / TICK;
const idle = (m1.idle - m0.idle) / TICK;
const kinds = Object.fromEntries([...byKind].sort((x, y) => y[1] - x[1]).map(([k, t]) => [k, Math.round(t / TICK)]));
const attributed = [...byKind.values()].reduce((s, t) => s + t, 0) / TICK;
const result = {
  at: new Date(t0).toISOString(),
  command: command.join(' '),
  database: process.env.DATABASE_URL ? 'PostgreSQL server' : 'embedded PGlite',
  exitCode: code,
  wallSeconds: Math.round(wall),
  cores: os.cpus().length,
  cpuSecondsBusy: Math.round(busy),
  cpuSecondsIdle: Math.round(idle),
  utilisation: Number((busy / (busy + idle)).toFixed(2)),
  cpuSecondsByKind: { ...kinds, unattributed: Math.round(busy - attributed) },
  loadBefore: load0.map((x) => Number(x.toFixed(1))),
  loadAfter: os.loadavg().map((x) => Number(x.toFixed(1))),
};
const out =
  a.out ??
  path.join(
    ROOT,
    `test/bench/results/suite-cpu-${result.at.slice(0, 10)}-${result.database === 'embedded PGlite' ? 'embedded' : 'server'}.json`,
  );
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.error(`\n--- suite CPU: ${JSON.stringify(result)}\n--- written to ${path.relative(ROOT, out)}`);
process.exit(code ?? 1);
