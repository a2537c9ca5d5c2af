import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { BUILD_COPIES, buildSourceDirs } from '../../scripts/lib/build-inputs';
import { isAlive } from '../../server/platform/data-dir-lock';
import { projectRoot } from './db-snapshot';

// The server as production runs it (npm run build, then node build/server/main.js), built once
// per version of the sources for every test that starts it as a process (spawn-server.ts).
// Started through tsx instead, each such process spent about 2 s more CPU loading TypeScript
// (BENCHMARKS.md, "Started servers run the build"): the suite starts some twenty of them.
//
// The folder is named by a hash of everything the build reads, so a run whose sources did not
// change reuses the last run's build (CI's second `npm test` reuses its first's), and a change
// makes a new one. Mocha's two workers may ask at once: one builds, under a lock folder that
// names its process; the other waits for the finished folder, which appears whole (renamed into
// place). A builder that died leaves a lock naming a dead process, which the next one takes over.

const BUILDS = path.join(projectRoot, 'tmp', 'test-build');
/** What decides how `npm run build` compiles, beside the folders it reads (scripts/lib/build-inputs.ts). */
const INPUT_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];
const WAIT_MS = 300_000;

function inputsHash(): string {
  const hash = createHash('sha256');
  const inDirs = [...buildSourceDirs(projectRoot), ...BUILD_COPIES].flatMap((dir) =>
    readdirSync(path.join(projectRoot, dir), { withFileTypes: true, recursive: true })
      .filter((d) => d.isFile())
      .map((d) => path.relative(projectRoot, path.join(d.parentPath, d.name))),
  );
  // A copied folder may lie inside a compiled one (models/migrations): each file once.
  const files = [...new Set([...INPUT_FILES, ...inDirs])].sort();
  for (const f of files)
    hash
      .update(`${f}\0`)
      .update(readFileSync(path.join(projectRoot, f)))
      .update('\0');
  return hash.digest('hex').slice(0, 16);
}

function lockHolder(lock: string): number {
  try {
    return Number(readFileSync(path.join(lock, 'pid'), 'utf8'));
  } catch {
    return 0;
  }
}

/** Takes the build's lock (a folder holding the builder's pid); false when a live process holds it. */
export function takeLock(lock: string): boolean {
  try {
    mkdirSync(lock);
  } catch {
    const pid = lockHolder(lock);
    if (pid && isAlive(pid)) return false;
    // Written by a process that is gone, or not written yet: a lock older than a second with no pid is a dead one.
    if (!pid && Date.now() - statSync(lock).mtimeMs < 1000) return false;
    rmSync(lock, { recursive: true, force: true });
    return takeLock(lock);
  }
  writeFileSync(path.join(lock, 'pid'), String(process.pid));
  return true;
}

/**
 * Builds older than ten minutes with another hash (earlier versions of the sources), and the
 * half-made folders of builders that died. Locks are left to takeLock().
 */
export function removeStale(builds: string, keep: string): void {
  for (const name of readdirSync(builds)) {
    const dir = path.join(builds, name);
    const builder = /\.partial-(\d+)$/.exec(name);
    if (builder) {
      if (!isAlive(Number(builder[1]))) rmSync(dir, { recursive: true, force: true });
    } else if (name !== keep && !name.endsWith('.lock') && Date.now() - statSync(dir).mtimeMs > 600_000) {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

async function build(): Promise<string> {
  mkdirSync(BUILDS, { recursive: true });
  const name = inputsHash();
  const done = path.join(BUILDS, name);
  const lock = `${done}.lock`;
  const t0 = Date.now();
  while (!existsSync(done)) {
    if (takeLock(lock)) {
      try {
        if (existsSync(done)) break;
        const partial = `${done}.partial-${process.pid}`;
        try {
          await promisify(execFile)('npm', ['run', '-s', 'build', '--', path.relative(projectRoot, partial)], {
            cwd: projectRoot,
            timeout: 240_000,
          });
        } catch (err) {
          rmSync(partial, { recursive: true, force: true });
          const e = err as { stdout?: string; stderr?: string; message: string };
          throw new Error(
            `npm run build failed, so the server cannot be started as production runs it:\n${e.stdout ?? ''}${e.stderr ?? e.message}`,
          );
        }
        renameSync(partial, done);
        removeStale(BUILDS, name);
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
      break;
    }
    if (Date.now() - t0 > WAIT_MS)
      throw new Error(`the server's build in ${done} did not appear within ${WAIT_MS / 1000} s (lock ${lock})`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return done;
}

let built: Promise<string> | null = null;

/** The folder of the compiled server for the current sources (made if missing); `server/main.js` in it starts the app. */
export function serverBuild(): Promise<string> {
  built ??= build().catch((err: unknown) => {
    built = null;
    throw err;
  });
  return built;
}
