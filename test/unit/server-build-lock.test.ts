import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { removeStale, takeLock } from '../helpers/server-build';

// The tests' server build (test/helpers/server-build.ts) is made by one of mocha's two workers
// while the other waits: the lock folder names the builder's process. A builder that was killed
// must not leave every later run waiting five minutes, and a live one must not be built over.

describe("The tests' server build: one builder at a time, and a dead builder's lock taken over", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'sq-build-lock-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const holder = (lock: string) => readFileSync(path.join(lock, 'pid'), 'utf8');

  it('when no one holds the lock, then it is taken and names this process; a second try is refused while it is held', () => {
    const lock = path.join(root, 'abc.lock');
    assert.equal(takeLock(lock), true);
    assert.equal(holder(lock), String(process.pid));
    assert.equal(takeLock(lock), false, 'this process, alive, holds it');
  });

  it('when the lock names a live process, then it is left alone', () => {
    const lock = path.join(root, 'abc.lock');
    mkdirSync(lock);
    writeFileSync(path.join(lock, 'pid'), String(process.ppid));
    assert.equal(takeLock(lock), false);
    assert.equal(holder(lock), String(process.ppid));
  });

  it('when the lock names a process that is gone, then it is taken over', () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const lock = path.join(root, 'abc.lock');
    mkdirSync(lock);
    writeFileSync(path.join(lock, 'pid'), String(dead));
    assert.equal(takeLock(lock), true);
    assert.equal(holder(lock), String(process.pid));
  });

  it('when the lock has no pid yet, then it counts as held for a second (its maker is writing it) and as dead after', () => {
    const lock = path.join(root, 'abc.lock');
    mkdirSync(lock);
    assert.equal(takeLock(lock), false, 'just made');
    const old = new Date(Date.now() - 5_000);
    utimesSync(lock, old, old);
    assert.equal(takeLock(lock), true, 'made five seconds ago and never named');
    assert.equal(holder(lock), String(process.pid));
  });

  it("when a build is done, then builds of other sources older than ten minutes and dead builders' half-made folders go; the rest stay", () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const old = new Date(Date.now() - 11 * 60_000);
    for (const name of ['current', 'older', 'recent', `current.partial-${dead}`, `other.partial-${process.pid}`, 'busy.lock']) {
      mkdirSync(path.join(root, name));
      if (name !== 'recent') utimesSync(path.join(root, name), old, old);
    }
    removeStale(root, 'current');
    assert.deepEqual(readdirSync(root).sort(), ['busy.lock', 'current', `other.partial-${process.pid}`, 'recent']);
  });
});
