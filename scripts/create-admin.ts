import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../server/platform/config';
import { openDb } from '../server/platform/db';
import { setAuditKey } from '../server/kernel/audit-hash';
import { createAdminOnConsole } from '../server/accounts/console-admin';
import { AppError } from '../server/kernel/errors';
import { translator } from '../server/platform/i18n/index';
import { acquireDataDirLock, DataDirBusy } from '../server/platform/data-dir-lock';
import { translateErrors } from '../server/platform/messages';

// npm run create-admin -- --username NAME [--display-name TEXT]
// Makes an administrator with a one-time password, printed here once (never logged, never
// stored in plain form), which must be changed at the first login. It opens the database the
// app is configured for (DATABASE_URL, or the embedded one in DATA_DIR, which the app must not
// hold: the folder's lock makes sure of it). Exit codes: 0 made, 2 refused (nothing was
// written: a taken or malformed username, bad options or configuration, the folder in use), 1 failed.

const HELP = `Usage: npm run create-admin -- --username NAME [--display-name TEXT]
  --username NAME       3–64 letters, digits, dots, underscores or hyphens; not taken in any letter case
  --display-name TEXT   the name shown in the pages (default 系统管理员)
Creates an administrator in DATABASE_URL's database, or else in the embedded database in DATA_DIR
(stop the app first). Prints a one-time password that must be changed at the first login.
创建一个管理员账户并显示一次性密码（首次登录后须立即修改）。`;

class Refused extends Error {}

function options(argv: string[]) {
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: { username: { type: 'string' }, 'display-name': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    return { username: values.username, displayName: values['display-name'], help: values.help ?? false };
  } catch (err) {
    throw new Refused(`${(err as Error).message}\n\n${HELP}`);
  }
}

/** A refusal of the use case, in Chinese and English. */
function refusal(err: AppError): Refused {
  const zh = translateErrors(translator('zh-CN'), err),
    en = translateErrors(translator('en'), err);
  return new Refused(
    Object.keys(zh)
      .map((k) => `${k}: ${zh[k]} · ${en[k]}`)
      .join('\n'),
  );
}

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  if (o.help) return void console.log(HELP);
  if (!o.username) throw new Refused(`--username is required · 须指定 --username\n\n${HELP}`);
  const config = loadConfig();
  // The new account's trail entry is keyed like the app's.
  setAuditKey(config.auditKey);
  const lock = config.databaseUrl ? null : acquireDataDirLock(config.dataDir, 'create-admin');
  try {
    // As the app does: the owner (if named) migrates, the account is written under the app's role.
    const handle = await openDb(
      config.databaseUrl ? { url: config.databaseUrl, ownerUrl: config.databaseOwnerUrl } : { dataDir: config.dataDir },
    );
    try {
      const { user, password } = await createAdminOnConsole(handle.db, { username: o.username, displayName: o.displayName }, new Date());
      console.log(
        [
          'Administrator created · 管理员账户已创建',
          `  username  ${user.username}`,
          `  name      ${user.displayName}`,
          `  password  ${password}`,
          '',
          `One-time password, shown only now: log in at ${config.publicBaseUrl}/login and set your own password at once.`,
          '一次性密码，仅显示这一次：请登录后立即设置自己的密码。',
        ].join('\n'),
      );
    } catch (err) {
      throw err instanceof AppError && err.status === 422 ? refusal(err) : err;
    } finally {
      await handle.close();
    }
  } finally {
    lock?.release();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    if (err instanceof Refused || err instanceof DataDirBusy || err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    console.error(err);
    process.exit(1);
  },
);
