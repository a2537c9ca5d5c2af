// An id from a URL checked per request: a zod schema built per call against the one pattern of
// server/kernel/ids.ts. npx tsx test/bench/id-check.ts (BENCHMARKS.md, "The test suite on a server…").
import { z } from 'zod';
import { isUuid } from '../../server/kernel/ids';
const id = '3f1c2a4e-8b7d-4c1a-9e2f-0a1b2c3d4e5f';
for (const [name, f] of [
  ['z.uuid() per call', () => z.uuid().safeParse(id).success],
  ['isUuid', () => isUuid(id)],
] as const) {
  for (let i = 0; i < 2000; i++) f();
  const t = performance.now();
  for (let i = 0; i < 20000; i++) f();
  console.log(name, (((performance.now() - t) / 20000) * 1000).toFixed(2), 'µs per check');
}
