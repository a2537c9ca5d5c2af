// Wall and CPU time of each test file, as mocha runs the suite (a root-hook plugin: in parallel
// mode every file is its own root suite in a worker, so beforeAll/afterAll wrap one file).
//   FILE_TIMES_OUT=tmp/file-times.tsv npx mocha --require test/bench/file-times.mjs --parallel --jobs 2 'test/e2e/**/*.test.ts' …
// One line per file: path under test/, wall ms, CPU ms of the mocha worker itself (not of the
// browsers, servers or commands it starts), worker pid. BENCHMARKS.md quotes the sums.
import fs from 'node:fs';

const out = process.env.FILE_TIMES_OUT ?? 'tmp/file-times.tsv';
let t0 = 0;
let c0 = process.cpuUsage();

export const mochaHooks = {
  beforeAll() {
    t0 = Date.now();
    c0 = process.cpuUsage();
  },
  afterAll() {
    const root = this.test.parent;
    const file = root.suites[0]?.file ?? root.file ?? '?';
    const c = process.cpuUsage(c0);
    const line = [file.replace(/.*\/test\//, ''), Date.now() - t0, Math.round((c.user + c.system) / 1000), process.pid].join('\t');
    fs.appendFileSync(out, `${line}\n`);
  },
};
