import { now } from './clock';
// Standard code forms of DOMAIN rule 13: ID numbers (GB 11643), unified social credit
// codes (GB 32100), household (承包方) and parcel (地块) codes.

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

export type IdInfo = { sex: 'M' | 'F'; birthDate: string };

/** Checks an 18-digit resident ID number; returns sex and birth date, or null if invalid. */
export function parseIdNumber(raw: string): IdInfo | null {
  const id = raw.trim().toUpperCase();
  if (!/^[1-9][0-9]{16}[0-9X]$/.test(id)) return null;
  if (idCheckChar(id.slice(0, 17)) !== id[17]) return null;
  const y = Number(id.slice(6, 10)),
    m = Number(id.slice(10, 12)),
    d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  if (date.getTime() > now().getTime()) return null;
  return { sex: Number(id[16]) % 2 === 1 ? 'M' : 'F', birthDate: id.slice(6, 10) + '-' + id.slice(10, 12) + '-' + id.slice(12, 14) };
}

/** Masks a name for public pages: 张三丰 → 张** */
export function maskName(name: string): string {
  const chars = Array.from(name);
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

export function ageOn(birthDate: string, on: Date = now()): number {
  const [y, m, d] = birthDate.split('-').map(Number);
  let age = on.getUTCFullYear() - y;
  if (on.getUTCMonth() + 1 < m || (on.getUTCMonth() + 1 === m && on.getUTCDate() < d)) age--;
  return age;
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function usccCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARS.indexOf(first17[i]);
    if (v < 0) return null;
    sum += v * USCC_WEIGHTS[i];
  }
  return USCC_CHARS[(31 - (sum % 31)) % 31];
}

/** GB 32100 unified code; collectives (农村集体经济组织) carry registration authority code N, type 3 (N3…). */
export function isValidUscc(raw: string): boolean {
  const code = raw.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  if (!/^[0-9]{6}$/.test(code.slice(2, 8))) return false;
  return usccCheckChar(code.slice(0, 17)) === code[17];
}

/** 承包方编码: 12-digit village code + 2-digit group code + 4-digit sequence. */
export function isHouseholdCodeOf(code: string, villageCode: string, groupCode = '00'): boolean {
  return /^[0-9]{18}$/.test(code) && code.startsWith(villageCode + groupCode) && code.slice(14) !== '0000';
}

/** 地块编码: 14-digit 发包方编码 + 5-digit sequence. */
export function isParcelCodeOf(code: string, villageCode: string, groupCode = '00'): boolean {
  return /^[0-9]{19}$/.test(code) && code.startsWith(villageCode + groupCode) && code.slice(14) !== '00000';
}

/** The prefix of region codes inside a region: 440200 (city) → 4402; 440203 → 440203. */
export function regionPrefix(code: string): string {
  if (code.length === 6 && code.endsWith('0000')) return code.slice(0, 2);
  if (code.length === 6 && code.endsWith('00')) return code.slice(0, 4);
  return code;
}

export function regionContains(outer: string, inner: string): boolean {
  return inner.startsWith(regionPrefix(outer));
}
