import { z } from 'zod';
import type { Db } from '../platform/db';
import { insertAccount, usernameField, type UserRow } from './accounts';
import { optionalText, parse } from '../kernel/fields';
import { withDbErrors } from '../kernel/tx';

// An administrator made on the server's console (npm run create-admin): how a real
// installation gets its first one, and how it gets one back when every administrator has lost
// the password. Whoever runs it holds the server, so no actor is asked for; the trail records
// the account as made from the console (no actor). The password is a one-time password.

const schema = z.object({ username: usernameField, displayName: optionalText(60) });
export type ConsoleAdminCommand = { username?: string; displayName?: string };

/** Creates an active admin with a one-time password (mustChangePassword); a taken username (any case) is refused. */
export async function createAdminOnConsole(db: Db, cmd: ConsoleAdminCommand, at: Date): Promise<{ user: UserRow; password: string }> {
  const v = parse(schema, cmd);
  return withDbErrors(() =>
    db.transaction((tx) =>
      insertAccount(
        tx,
        null,
        {
          username: v.username,
          role: 'admin',
          displayName: v.displayName || '系统管理员',
        },
        at,
        { reason: 'npm run create-admin' },
      ),
    ),
  );
}
