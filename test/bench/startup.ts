// npx tsx test/bench/startup.ts [--runs 5] [--build DIR]
//
// What importing the app costs a new process: every server the tests start, every cluster
// worker and every command (create-admin, backup, restore) pays it before doing anything. Each
// run is a fresh `node` importing server/app.ts through tsx (as `npm start` does), or, with
// --build, DIR/server/app.js of `npm run build -- DIR` (as `npm run start:prod` does). Prints each
// run's wall and CPU milliseconds and the median. Asserts nothing.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './lib/app';

const { values: a } = parseArgs({ options: { runs: { type: 'string', default: '5' }, build: { type: 'string' } } });
const target = a.build ? path.resolve(a.build, 'server/app.js') : path.join(ROOT, 'server/app.ts');
const probe = `const t0 = performance.now(); const c0 = process.cpuUsage();
await import(${JSON.stringify(target)});
const c = process.cpuUsage(c0);
console.log(JSON.stringify({ wall: Math.round(performance.now() - t0), cpu: Math.round((c.user + c.system) / 1000) }));`;
const args = a.build ? ['--input-type=module', '-e', probe] : ['--import', 'tsx', '--input-type=module', '-e', probe];
const runs: { wall: number; cpu: number }[] = [];
for (let i = 0; i < Number(a.runs); i++) {
  const out = execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
  runs.push(JSON.parse(out.trim().split('\n').at(-1)!));
  console.log(`run ${i + 1}: ${runs.at(-1)!.wall} ms wall, ${runs.at(-1)!.cpu} ms CPU`);
}
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
console.log(`${a.build ? 'compiled' : 'tsx'}: median ${median(runs.map((r) => r.wall))} ms wall, ${median(runs.map((r) => r.cpu))} ms CPU`);
