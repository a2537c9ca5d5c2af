// 公民身份号码 (GB 11643-1999): 18 characters with a check character; before 1999 the numbers had
// 15 digits (two-digit year, no check character). Land registration data from the 1990s still
// holds 15-digit numbers: they are kept as recorded and flagged, with the 18-digit form that
// GB 11643 gives (insert "19" before the year, add the check character) for an officer to check.
// (server/kernel/codes.ts checks 18-digit numbers the same way; both belong in server/kernel.)

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function checkChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

export type IdInfo = { idNumber: string; legacy15: boolean; upgraded: string; sex: 'M' | 'F'; birthDate: string };

function validDate(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1880 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** The number's sex and birth date, or null when it is neither a valid 18-digit nor a plausible 15-digit number. */
export function parseResidentId(raw: string, today: Date): IdInfo | null {
  const id = raw.trim().toUpperCase();
  if (/^[1-9]\d{16}[\dX]$/.test(id)) {
    if (checkChar(id.slice(0, 17)) !== id[17]) return null;
    const birth = validDate(Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14)));
    if (!birth || Date.parse(birth) > today.getTime()) return null;
    return { idNumber: id, legacy15: false, upgraded: id, sex: Number(id[16]) % 2 === 1 ? 'M' : 'F', birthDate: birth };
  }
  if (/^[1-9]\d{14}$/.test(id)) {
    const birth = validDate(1900 + Number(id.slice(6, 8)), Number(id.slice(8, 10)), Number(id.slice(10, 12)));
    if (!birth) return null;
    const first17 = `${id.slice(0, 6)}19${id.slice(6)}`;
    return {
      idNumber: id,
      legacy15: true,
      upgraded: first17 + checkChar(first17),
      sex: Number(id[14]) % 2 === 1 ? 'M' : 'F',
      birthDate: birth,
    };
  }
  return null;
}
