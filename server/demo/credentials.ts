import { hashPassword } from '../accounts/passwords';
import { temporaryPassword } from '../accounts/temp-password';

// The demo accounts' passwords. On a developer's machine they share the password the README
// publishes, so `npm install && npm start` shows every role at once. A production start seeds
// the demo only when SEED_DEMO=yes says so, and then each account gets its own random one-time
// password (printed once on the console), which must be changed at the first login.

export const DEMO_PASSWORD = 'Sanquan2026';

export const DEMO_USERNAMES = [
  'admin',
  'bureau_city',
  'bureau_qujiang',
  'officer_longgang',
  'officer_muxi',
  'farmer_li',
  'farmer_chen',
  'farmer_lin',
] as const;

export type DemoPasswords = 'published' | 'random';
export type Credential = { password: string; passwordHash: string; mustChangePassword: boolean };

export async function demoCredentials(mode: DemoPasswords): Promise<Map<string, Credential>> {
  const out = new Map<string, Credential>();
  if (mode === 'published') {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    for (const u of DEMO_USERNAMES) out.set(u, { password: DEMO_PASSWORD, passwordHash, mustChangePassword: false });
    return out;
  }
  for (const u of DEMO_USERNAMES) {
    const password = temporaryPassword();
    out.set(u, { password, passwordHash: await hashPassword(password), mustChangePassword: true });
  }
  return out;
}
