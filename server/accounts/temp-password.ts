import { randomInt } from 'node:crypto';

// Letters and digits that cannot be mistaken for one another when read aloud or copied
// from a screen (no 0/O, 1/l/I): the temporary password is handed over by a person.
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz';
const DIGITS = '23456789';
const ALL = LETTERS + DIGITS;

/**
 * A one-time password from the system's CSPRNG: 14 characters of a 56-character alphabet
 * (about 81 bits), with at least one letter and one digit so that it passes passwordAcceptable.
 */
export function temporaryPassword(length = 14): string {
  for (;;) {
    let out = '';
    for (let i = 0; i < length; i++) out += ALL[randomInt(ALL.length)];
    if (/[A-Za-z]/.test(out) && /[0-9]/.test(out)) return out;
  }
}
