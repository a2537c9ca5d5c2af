import { idCheckChar, usccCheckChar } from '../kernel/codes';

/** A valid 18-digit ID number for a person born in a county on a date (seq odd = male). */
export function makeIdNumber(county6: string, birth: string, seq: number, sex: 'M' | 'F'): string {
  let s = seq % 1000;
  if ((s % 2 === 1) !== (sex === 'M')) s = (s + 1) % 1000;
  const first17 = county6 + birth.replace(/-/g, '') + String(s).padStart(3, '0');
  return first17 + idCheckChar(first17);
}

/** A GB 32100 code for a village collective: N (agriculture) 2 (village level) + region + 9-char body. */
export function makeCollectiveCode(county6: string, serial: number): string {
  const first17 = `N2${county6}${String(serial).padStart(9, '0')}`;
  return first17 + usccCheckChar(first17)!;
}
