import { hash, verify } from '@node-rs/argon2';
import { weakness } from './weak-passwords';

// Argon2id (memory-hard), the library's defaults: 19 MiB, t=2, p=1 (OWASP's minimum profile).
export function hashPassword(plain: string): Promise<string> {
  return hash(plain);
}

export async function checkPassword(stored: string, plain: string): Promise<boolean> {
  try {
    return await verify(stored, plain);
  } catch {
    return false;
  }
}

/** At least 10 characters, letters and digits, and not absurdly long (hashing cost). */
export function passwordAcceptable(p: string): boolean {
  return typeof p === 'string' && p.length >= 10 && p.length <= 200 && /[A-Za-z]/.test(p) && /[0-9]/.test(p);
}

/** Why a new password is refused (an errors.* code), or null: the rule above, then the common-password and username checks. */
export function passwordProblem(p: string, username?: string | null): 'passwordRules' | 'passwordCommon' | 'passwordHasUsername' | null {
  if (!passwordAcceptable(p)) return 'passwordRules';
  return weakness(p, username);
}

// Used to spend the same time when the username does not exist (no user enumeration by timing).
export const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$QoaCUK0zFh8HjqmOZjPNAQ$EXOr61pVlF5Cj5VyyfKzNAG3ZCdzGcZsRYEsbN3I7Vs';
