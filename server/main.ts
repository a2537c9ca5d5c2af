import cluster from 'node:cluster';
import pino from 'pino';
import { prepareAccounts } from './demo/first-start';
import { ensureRegions } from './admin/reference';
import { createApp } from './app';
import { systemClock } from './kernel/clock';
import { ConfigError, loadConfig, type Config } from './platform/config';
import { openDb, type Handle } from './platform/db';
import { Reads } from './platform/reads';
import { startAlertScan } from './oversight/alerts';
import { startMarketSweep } from './market/sweep';
import { purgeExpiredExports } from './registry/export-jobs';
import { moveConsentScansIntoDb } from './market/scan-move';
import { acquireDataDirLock, DataDirBusy } from './platform/data-dir-lock';
import { trailExposure } from './platform/db-roles';
import { startAnchoring } from './kernel/audit-anchors';
import { setAuditKey } from './kernel/audit-hash';
import { assertWritableDirs, databaseStartupError, StartupError } from './platform/startup-checks';
import { purgeOldOrigins } from './kernel/origins';
import { providerFor } from './platform/outbox/providers';
import { useSealKey } from './platform/outbox/seal';
import { startOutboxSender } from './platform/outbox/sender';
import { purgeOldMessages } from './platform/outbox/queue';
import { logOptions } from './platform/log';
import { purgeLoginFailures } from './platform/auth/login-throttle';

// One process by default. With WEB_CONCURRENCY=n (PostgreSQL server only) the first process
// migrates, seeds and runs the periodic jobs, and n forked workers serve HTTP on the same port
// (node:cluster hands out connections); a worker that dies is replaced.

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

/** Migrations, reference data and the accounts' start (server/demo/first-start.ts): once, before anything serves. */
async function prepare(config: Config, logger: pino.Logger): Promise<Handle> {
  assertWritableDirs(config);
  // PGlite does not lock its folder; this lock keeps a second app, a backup or a restore out of it.
  try {
    const lock = config.databaseUrl ? null : acquireDataDirLock(config.dataDir, 'app');
    process.on('exit', () => lock?.release());
  } catch (err) {
    if (err instanceof DataDirBusy) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const handle = await openDb(
    config.databaseUrl
      ? { url: config.databaseUrl, ownerUrl: config.databaseOwnerUrl, timeouts: config.db, readUrls: config.databaseReadUrls }
      : { dataDir: config.dataDir },
  ).catch((err: unknown) => {
    throw databaseStartupError(err, config) ?? err;
  });
  await guardTrail(handle, config, logger);
  logger.info(
    { database: handle.kind === 'pg' ? 'postgresql server' : `embedded (${config.dataDir})` },
    'database ready, migrations applied',
  );
  await ensureRegions(handle.db);
  // Consent scans kept as files by earlier versions move into the database (a missing file is logged, not fatal).
  await moveConsentScansIntoDb(handle.db, config.uploadDir, logger).catch((err) =>
    logger.error({ err }, 'moving consent scans into the database failed'),
  );
  // The demo (development; production only with SEED_DEMO=yes and one-time passwords), the first-admin hint.
  await prepareAccounts(handle.db, config, logger);
  return handle;
}

/**
 * The app's role must not be able to alter the audit trail. Production refuses to start if it
 * can; development (one DATABASE_URL that owns everything) is told so on every start.
 */
async function guardTrail(handle: Handle, config: Config, logger: pino.Logger): Promise<void> {
  const { role, reasons } = await trailExposure(handle.db);
  if (!reasons.length) return;
  if (config.env === 'production') {
    throw new StartupError(
      `应用的数据库用户 ${role} 可以改动审计日志（${reasons.join('、')}）。请为应用另设一个不拥有数据表的用户（DATABASE_URL），并把表的所有者设为 DATABASE_OWNER_URL。`,
      `The app's database role ${role} can alter the audit trail (${reasons.join(', ')}). Give the app a role of its own that does not own the tables (DATABASE_URL), and the tables' owner to DATABASE_OWNER_URL.`,
    );
  }
  logger.warn(
    { role, reasons },
    "the app's database role can alter the audit trail (development only: production needs DATABASE_OWNER_URL and an app role of its own)",
  );
}

function startPeriodicJobs(handle: Handle, config: Config, logger: pino.Logger): void {
  // The trail's head, signed, into the anchor folder: at start and then whenever it moved (audit-anchors.ts).
  void startAnchoring(handle.db, config.anchorDir, config.anchorMinutes, logger)();
  // Oversight alerts: a periodic, idempotent scan (unref'd timer; see alerts.ts).
  startAlertScan(handle.db, logger, systemClock);
  // Market clock: ends notice periods and sends deadline notices; safe on several instances (sweep.ts).
  startMarketSweep(handle.db, systemClock, logger);
  // Export files are personal data: deleted a day after they were made, also when no one exports again (rule 14).
  const purge = () => purgeExpiredExports(handle.db, systemClock.now()).catch((err) => logger.error({ err }, 'export purge failed'));
  setInterval(purge, 3600_000).unref();
  void purge();
  // Outgoing SMS (activation codes): sent from the queue, retried with backoff; safe on several instances (sender.ts).
  useSealKey(config.sessionSecret);
  startOutboxSender(handle.db, providerFor(config.sms), config.publicBaseUrl, logger);
  if (config.sms.provider === 'none') logger.warn('SMS_PROVIDER=none: activation codes are not sent; an admin prints sealed slips instead');
  // Request addresses kept beside the trail (coercion alert) and sent messages hold personal data: kept 90 days.
  const purgeOrigins = () =>
    Promise.all([purgeOldOrigins(handle.db), purgeOldMessages(handle.db)]).catch((err) =>
      logger.error({ err }, 'origin/outbox purge failed'),
    );
  setInterval(purgeOrigins, 3600_000).unref();
  void purgeOrigins();
  // Login counters whose quiet period is over: an attacker's made-up names would otherwise pile up (login-throttle.ts).
  const purgeLogins = () =>
    purgeLoginFailures(handle.db, systemClock.now()).catch((err) => logger.error({ err }, 'login counter purge failed'));
  setInterval(purgeLogins, 3600_000).unref();
  void purgeLogins();
}

async function serve(handle: Handle, config: Config, logger: pino.Logger): Promise<void> {
  // Read replicas (README "Read replicas"): they serve once they have the schema just migrated.
  const reads = new Reads(handle.db, handle.replicas, { logger });
  await reads.start();
  if (reads.replicated) logger.info({ replicas: handle.replicas.map((r) => r.name) }, 'reads from replicas');
  const app = createApp({ db: handle.db, config, logger, clock: systemClock, reads });
  const server = app.listen(config.port, config.host, () => logger.info(`listening on ${config.publicBaseUrl}`));
  const stop = () => {
    reads.stop();
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
    const done = () => {
      if (!Object.keys(cluster.workers ?? {}).length) handle.close().then(() => process.exit(0));
    };
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
  setAuditKey(config.auditKey);
  const logger = pino(logOptions(config.logLevel));
  if (cluster.isWorker) {
    // The primary has migrated and seeded; a worker only opens its pool and serves.
    await serve(
      await openDb({ url: config.databaseUrl!, migrate: false, timeouts: config.db, readUrls: config.databaseReadUrls }),
      config,
      logger,
    );
    return;
  }
  const handle = await prepare(config, logger);
  startPeriodicJobs(handle, config, logger);
  if (config.workers > 1) supervise(handle, config, logger);
  else await serve(handle, config, logger);
}

main().catch((err) => {
  if (err instanceof StartupError) {
    console.error(err.message);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
});
