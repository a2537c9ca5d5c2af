// The data generator: a Shaoguan-sized registry and market for benchmarks and demos.
//
//   npm run generate -- --size S|M|L [--database-url URL | --data-dir DIR] [--force] [--seed N]
//
// S = 5,000 households, M = 50,000, L = 500,000 (about 1.7 million persons, 3 million
// parcels, 400,000 homesteads). Writes to DATABASE_OWNER_URL, else DATABASE_URL (or --database-url:
// the tables' owner, since it loads with COPY and the triggers off) with COPY, or to
// the embedded database in --data-dir (default ./data). Refuses a database that already
// holds households or accounts unless --force, which empties it first. Every account's
// password is the demo password (Sanquan2026); usernames: admin, bureau_city,
// bureau_<county code>, officer_<14-digit collective code>, farmer_<household code>.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/platform/config';
import { setAuditKey } from '../server/kernel/audit-hash';
import { generate } from './lib/gen/run';
import { SIZES, type Size } from './lib/gen/plan';

export { generate };

async function main() {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: 'S' },
      households: { type: 'string' },
      'database-url': { type: 'string' },
      'data-dir': { type: 'string' },
      force: { type: 'boolean', default: false },
      seed: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log('usage: npm run generate -- --size S|M|L [--database-url URL | --data-dir DIR] [--force] [--seed N]');
    return;
  }
  const size = values.size!.toUpperCase() as Size;
  if (!(size in SIZES) && !values.households) throw new Error(`--size must be S, M or L (got ${values.size})`);
  const households = values.households ? Number(values.households) : SIZES[size];
  if (!Number.isInteger(households) || households < 1 || households > 2_000_000)
    throw new Error('--households must be a whole number from 1 to 2,000,000');
  // The trail it writes is keyed like the app's (AUDIT_KEY), so the app verifies it.
  const config = loadConfig();
  setAuditKey(config.auditKey);
  const url = values['database-url'] ?? (values['data-dir'] ? undefined : (config.databaseOwnerUrl ?? config.databaseUrl));
  const dataDir = url ? undefined : path.resolve(values['data-dir'] ?? 'data');
  const t0 = Date.now();
  const out = await generate({
    households,
    url,
    dataDir,
    force: values.force,
    seed: values.seed ? Number(values.seed) : undefined,
    log: console.log,
  });
  console.log(
    JSON.stringify(
      {
        size,
        households,
        target: url ? 'postgresql server' : `pglite ${dataDir}`,
        seconds: Math.round((Date.now() - t0) / 100) / 10,
        // CPU time of the generator itself: on a shared machine the wall time also counts waiting for a core.
        generatorCpuSeconds: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1e5) / 10,
        rows: out.rows,
      },
      null,
      2,
    ),
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
