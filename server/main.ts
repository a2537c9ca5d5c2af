import pino from 'pino';
import { DEMO_PASSWORD, seedDemo } from '../scripts/seed';
import { ensureRegions, isEmpty } from '../scripts/lib/reference';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { openDb } from './db';
import { startAlertScan } from './domain/oversight/alerts';
import { startMarketSweep } from './domain/market/sweep';
import { acquireDataDirLock, DataDirBusy } from './lib/data-dir-lock';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) { console.error(err.message); process.exit(2); }
    throw err;
  }
  const logger = pino({ level: config.logLevel });
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
  const seed = config.seedDemo === 'yes' || (config.seedDemo === 'auto' && (await isEmpty(handle.db)));
  if (seed && (await isEmpty(handle.db))) {
    const logins = await seedDemo(handle.db);
    console.log(`\nDemo data loaded. Log in at ${config.publicBaseUrl}/login with password "${DEMO_PASSWORD}":`);
    for (const l of logins) console.log(`  ${l.username.padEnd(18)} ${l.role.padEnd(8)} ${l.who}`);
    console.log('');
  }
  const app = createApp({ db: handle.db, config, logger });
  // Oversight alerts: a periodic, idempotent scan on every instance (unref'd timer; see alerts.ts).
  startAlertScan(handle.db, logger);
  // Market clock: ends notice periods and sends deadline notices; safe on several instances (sweep.ts).
  startMarketSweep(handle.db, logger);
  const server = app.listen(config.port, config.host, () => logger.info(`listening on ${config.publicBaseUrl}`));
  const stop = () => {
    server.close(() => handle.close().then(() => process.exit(0)));
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
