import { now } from '../kernel/clock';
import { and, eq, inArray } from 'drizzle-orm';
import type { Logger } from 'pino';
import { users } from '../../models/accounts';
import { checkPassword, hashPassword } from '../accounts/passwords';
import { endSessions } from '../platform/auth/session-life';
import { temporaryPassword } from '../accounts/temp-password';
import type { Config } from '../platform/config';
import type { Db } from '../platform/db';
import { recordAudit } from '../kernel/audit';
import { seedDemo } from './seed';
import { DEMO_PASSWORD, DEMO_USERNAMES } from './credentials';
import { isEmpty } from '../admin/reference';

// What a start does about accounts, before anything serves (server/main.ts).
// Development and tests: an empty database gets the demo, with the README's password.
// Production: the demo only with SEED_DEMO=yes, and then with one-time random passwords,
// printed once on the console (not in the log); an account that still has the published
// password (a database seeded before, or copied from a developer's) loses it; with no
// administrator, the log says how to make the first one.

export const FIRST_ADMIN_HINT =
  'No administrator account yet. Create the first one (stop the app first when it uses the embedded database): ' +
  'npm run create-admin -- --username NAME [--display-name "..."]  ·  尚无管理员账户，请用 npm run create-admin 创建第一个管理员。';

type StartConfig = Pick<Config, 'env' | 'seedDemo' | 'publicBaseUrl'>;

export async function prepareAccounts(
  db: Db,
  config: StartConfig,
  logger: Logger,
  say: (line: string) => void = console.log,
): Promise<void> {
  const production = config.env === 'production';
  const wanted = config.seedDemo === 'yes' || (config.seedDemo === 'auto' && !production);
  const empty = await isEmpty(db);
  if (wanted && empty) {
    const logins = await seedDemo(db, production ? 'random' : 'published');
    if (production) {
      say(
        `\nDemo data loaded (SEED_DEMO=yes). One-time passwords, shown only now; each must be changed at the first login at ${config.publicBaseUrl}/login:`,
      );
      for (const l of logins) say(`  ${l.username.padEnd(18)} ${l.role.padEnd(8)} ${l.password}  ${l.who}`);
    } else {
      say(`\nDemo data loaded. Log in at ${config.publicBaseUrl}/login with password "${DEMO_PASSWORD}":`);
      for (const l of logins) say(`  ${l.username.padEnd(18)} ${l.role.padEnd(8)} ${l.who}`);
    }
    say('');
  } else if (production && empty && config.seedDemo === 'auto') {
    logger.info('production: no demo data (set SEED_DEMO=yes to load it, with one-time passwords)');
  }
  if (!production) return;
  await retirePublishedPassword(db, logger);
  const [admin] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.active, true)))
    .limit(1);
  if (!admin) logger.warn(FIRST_ADMIN_HINT);
}

/**
 * In production no account keeps the password the README publishes: each demo account that
 * still has it gets an unknown random one (to be reset by an administrator), and its sessions end.
 */
export async function retirePublishedPassword(db: Db, logger: Logger): Promise<string[]> {
  const candidates = await db
    .select()
    .from(users)
    .where(inArray(users.username, [...DEMO_USERNAMES]))
    .orderBy(users.username);
  const retired: string[] = [];
  for (const u of candidates) {
    if (!(await checkPassword(u.passwordHash, DEMO_PASSWORD))) continue;
    const passwordHash = await hashPassword(temporaryPassword());
    await db.transaction(async (tx) => {
      await tx.update(users).set({ passwordHash, mustChangePassword: true }).where(eq(users.id, u.id));
      await endSessions(tx, u.id, now());
      await recordAudit(tx, null, {
        action: 'user.password_reset',
        entityType: 'user',
        entityId: u.id,
        collectiveId: u.collectiveId,
        regionCode: u.regionCode,
        householdId: u.householdId,
        before: { mustChangePassword: u.mustChangePassword },
        after: { mustChangePassword: true },
        reason: 'the published demo password does not work in production',
      });
    });
    retired.push(u.username);
  }
  if (retired.length) {
    logger.warn(
      { accounts: retired },
      'production: these accounts had the published demo password, which no longer works; an administrator resets their passwords (/admin/users), or npm run create-admin makes a new administrator',
    );
  }
  return retired;
}
