import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../../server/platform/config';
import { setAuditKey } from '../../server/kernel/audit-hash';
import { DataDirBusy } from '../../server/platform/data-dir-lock';
import { codeMigrationState, formatCounts } from './backup-db-state';
import { BackupRefused, type BackupHeader } from './backup-format';

// Shared by scripts/backup.ts and scripts/restore.ts: options, the report, and exit codes
// (0 done, 2 refused or misused — nothing was changed, 1 failed unexpectedly).

export type Options = { out?: string; from?: string; force: boolean; pgBin?: string; help: boolean };

export function options(argv: string[]): Options {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string', short: 'o' },
      from: { type: 'string', short: 'f' },
      force: { type: 'boolean', default: false },
      'pg-bin': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  return {
    out: values.out,
    from: values.from ?? positionals[0],
    force: values.force ?? false,
    pgBin: values['pg-bin'],
    help: values.help ?? false,
  };
}

/** The app's configuration; the audit key with it, since the chain a backup checks is keyed. */
export function config(): Config {
  const c = loadConfig();
  setAuditKey(c.auditKey);
  return c;
}

/** Backups and restores act as the tables' owner: the app's own role may not drop or dump everything. */
export function ownerUrl(c: Config): string | undefined {
  return c.databaseOwnerUrl ?? c.databaseUrl;
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`;

export function report(title: string, file: string, fileBytes: number, h: BackupHeader, ms: number, audit = h.audit): string {
  const code = codeMigrationState();
  const lines = [
    title,
    `  file      ${file}`,
    `  database  ${h.kind === 'pg' ? 'PostgreSQL server' : 'embedded (PGlite)'} ${h.source}, taken ${h.createdAt}`,
    `  size      ${mb(fileBytes)} (payload ${h.payloadBytes} bytes, sha256 ${h.sha256})`,
    `  schema    ${h.migrations.lastTag ?? 'none'} (${h.migrations.applied} migrations${h.migrations.applied < code.applied ? `; the app migrates it to ${code.lastTag} on its next start` : ''})`,
    `  rows      ${formatCounts(h.tables)}`,
    `  audit     ${audit.entries} entries, hash chain ${audit.intact ? 'intact' : `BROKEN at seq ${audit.brokenAt}`}`,
    `  took      ${(ms / 1000).toFixed(2)} s`,
  ];
  return lines.join('\n');
}

/** Runs a CLI body; a refusal prints its message and exits 2, anything else exits 1. */
export function runCli(body: () => Promise<void>): void {
  body().then(
    () => process.exit(0),
    (err: unknown) => {
      if (err instanceof BackupRefused || err instanceof DataDirBusy || err instanceof ConfigError) {
        console.error(err.message);
        process.exit(2);
      }
      if (err instanceof TypeError && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
        console.error(err.message);
        process.exit(2);
      }
      console.error(err);
      process.exit(1);
    },
  );
}
