import fs from 'node:fs';
import { options, config, ownerUrl, report, runCli } from './lib/backup-cli';
import { defaultBackupPath } from './lib/backup-format';
import { backupPg } from './lib/backup-pg';
import { backupPglite } from './lib/backup-pglite';

// npm run backup [-- --out FILE] [--pg-bin DIR]
// Backs up the database the app is configured for: the PostgreSQL server of DATABASE_URL
// (while the app runs; pg_dump reads one consistent snapshot), or else the embedded database
// in DATA_DIR (the app must be stopped; the data folder's lock makes sure of it).

const HELP = `Usage: npm run backup -- [--out FILE] [--pg-bin DIR]
  --out FILE    where to write (default backups/sanquan-<kind>-<UTC time>.sqbak)
  --pg-bin DIR  folder holding pg_dump (default: from PATH)
Backs up DATABASE_URL's database if set (as DATABASE_OWNER_URL's role when given), otherwise the embedded database in DATA_DIR (stop the app first).`;

runCli(async () => {
  const o = options(process.argv.slice(2));
  if (o.help) return void console.log(HELP);
  const c = config();
  const url = ownerUrl(c);
  const kind = url ? 'pg' : 'pglite';
  const out = o.out ?? defaultBackupPath(kind);
  const r = url ? await backupPg({ url, out, pgBin: o.pgBin }) : await backupPglite({ dataDir: c.dataDir, out });
  console.log(report('Backup written · 备份完成', r.file, fs.statSync(r.file).size, r.header, r.ms));
});
