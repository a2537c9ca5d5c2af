import fs from 'node:fs';
import { BackupRefused } from './lib/backup-format';
import { appendAnchor } from '../server/kernel/audit-anchors';
import { options, config, ownerUrl, report, runCli } from './lib/backup-cli';
import { restorePg } from './lib/backup-pg-restore';
import { restorePglite } from './lib/backup-pglite-restore';

// npm run restore -- --from FILE [--force] [--pg-bin DIR]
// Brings a backup back into the database the app is configured for. It checks the file's
// checksum first, refuses to replace a database that holds data unless --force, and either
// replaces the database completely or changes nothing.

const HELP = `Usage: npm run restore -- --from FILE [--force] [--pg-bin DIR]
  --from FILE   the backup to restore (made by npm run backup)
  --force       replace a database that already holds data
  --pg-bin DIR  folder holding pg_restore and psql (default: from PATH)
Restores into DATABASE_URL's database if set (as DATABASE_OWNER_URL's role when given; stop the app first), otherwise into DATA_DIR
(the app must be stopped; the folder it replaces is kept beside it as DATA_DIR.replaced-<time>).`;

runCli(async () => {
  const o = options(process.argv.slice(2));
  if (o.help) return void console.log(HELP);
  if (!o.from) throw new BackupRefused('请用 --from 指明要恢复的备份文件。', `Name the backup to restore with --from FILE.\n\n${HELP}`);
  const c = config();
  const url = ownerUrl(c);
  const r = url
    ? await restorePg({ file: o.from, url, force: o.force, pgBin: o.pgBin })
    : await restorePglite({ file: o.from, dataDir: c.dataDir, force: o.force });
  // The restored trail is the operator's new starting point: anchors made before it describe the
  // database it replaced, and verification must not take the restore for a cut tail.
  const anchor = appendAnchor(c.anchorDir, r.head.label, r.head, 'restore');
  console.log(report(`Restored into ${r.target} · 已恢复`, o.from, fs.statSync(o.from).size, r.header, r.ms, r.audit));
  console.log(`  anchor    restore anchored at entry ${anchor.seq} in ${c.anchorDir}`);
  if (r.replacedDir) console.log(`  replaced  the previous data folder is kept at ${r.replacedDir}; delete it once you are satisfied`);
});
