import cluster from 'node:cluster';
import pino from 'pino';
import { prepareAccounts } from '../scripts/lib/first-start';
import { ensureRegions } from '../scripts/lib/reference';
import { createApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { openDb, type Handle } from './db';
import { startAlertScan } from './domain/oversight/alerts';
import { startMarketSweep } from './domain/market/sweep';
import { purgeExpiredExports } from './domain/export-jobs';
import { moveConsentScansIntoDb } from './domain/market/scan-move';
import { acquireDataDirLock, DataDirBusy } from './lib/data-dir-lock';
import { logOptions } from './lib/log';
import { purgeLoginFailures } from './auth/login-throttle';
import { now } from './domain/market/clock';

// One process by default. With WEB_CONCURRENCY=n (PostgreSQL server only) the first process
// migrates, seeds and runs the periodic jobs, and n forked workers serve HTTP on the same port
// (node:cluster hands out connections); a worker that dies is replaced.

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) { console.error(err.message); process.exit(2); }
    throw err;
  }
}

/** Migrations, reference data and the accounts' start (scripts/lib/first-start.ts): once, before anything serves. */
async function prepare(config: Config, logger: pino.Logger): Promise<Handle> {
  // PGlite does not lock its folder; this lock keeps a second app, a backup or a restore out of it.
  try {
    const lock = config.databaseUrl ? null : acquireDataDirLock(config.dataDir, 'app');
    process.on('exit', () => lock?.release());
  } catch (err) {
    if (err instanceof DataDirBusy) { console.error(err.message); process.exit(2); }
    throw err;
  }
  const handle = await openDb(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir });
  logger.info({ database: handle.kind === 'pg' ? 'postgresql server' : `embedded (${config.dataDir})` }, 'database ready, migrations applied');
  await ensureRegions(handle.db);
  // Consent scans kept as files by earlier versions move into the database (a missing file is logged, not fatal).
  await moveConsentScansIntoDb(handle.db, config.uploadDir, logger).catch((err) => logger.error({ err }, 'moving consent scans into the database failed'));
  // The demo (development; production only with SEED_DEMO=yes and one-time passwords), the first-admin hint.
  await prepareAccounts(handle.db, config, logger);
  return handle;
}

function startPeriodicJobs(handle: Handle, logger: pino.Logger): void {
  // Oversight alerts: a periodic, idempotent scan (unref'd timer; see alerts.ts).
  startAlertScan(handle.db, logger);
  // Market clock: ends notice periods and sends deadline notices; safe on several instances (sweep.ts).
  startMarketSweep(handle.db, logger);
  // Export files are personal data: deleted a day after they were made, also when no one exports again (rule 14).
  const purge = () => purgeExpiredExports(handle.db).catch((err) => logger.error({ err }, 'export purge failed'));
  setInterval(purge, 3600_000).unref();
  void purge();
  // Login counters whose quiet period is over: an attacker's made-up names would otherwise pile up (login-throttle.ts).
  const purgeLogins = () => purgeLoginFailures(handle.db, now()).catch((err) => logger.error({ err }, 'login counter purge failed'));
  setInterval(purgeLogins, 3600_000).unref();
}

function serve(handle: Handle, config: Config, logger: pino.Logger): void {
  const app = createApp({ db: handle.db, config, logger });
  const server = app.listen(config.port, config.host, () => logger.info(`listening on ${config.publicBaseUrl}`));
  const stop = () => {
    server.close(() => handle.close().then(() => process.exit(0)));
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

function supervise(handle: Handle, config: Config, logger: pino.Logger): void {
  let stopping = false;
  for (let i = 0; i < config.workers; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    logger.error({ pid: worker.process.pid, code, signal }, 'worker died; starting another');
    cluster.fork();
  });
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    const done = () => { if (!Object.keys(cluster.workers ?? {}).length) handle.close().then(() => process.exit(0)); };
    cluster.on('exit', done);
    done();
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  logger.info(`${config.workers} workers serving ${config.publicBaseUrl}`);
}

async function main(): Promise<void> {
  const config = configOrExit();
  const logger = pino(logOptions(config.logLevel));
  if (cluster.isWorker) {
    // The primary has migrated and seeded; a worker only opens its pool and serves.
    serve(await openDb({ url: config.databaseUrl! }), config, logger);
    return;
  }
  const handle = await prepare(config, logger);
  startPeriodicJobs(handle, logger);
  if (config.workers > 1) supervise(handle, config, logger);
  else serve(handle, config, logger);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
