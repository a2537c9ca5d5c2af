// Passwords that pass the length and letters-and-digits rule but are the first guesses of
// anyone trying: the most common ones in leaked lists (Chinese sites' lists included), a
// common word followed by digits, and the user's own name. Kept small on purpose: the
// login delays (login-throttle.ts) stop long guessing; this stops the short list.

const COMMON = new Set([
  'password123', 'password1234', 'password12345', 'passw0rd123', 'p@ssw0rd123', 'qwerty12345', 'qwerty123456', 'qwertyuiop1',
  'qwertyuiop123', 'asdfghjkl1', 'zxcvbnm1234', 'abc1234567', 'abcd123456', 'abcde12345', 'abc123456789', 'a123456789',
  'aa123456789', 'a1234567890', '1234567890a', '123456789a', '12345678aa', '1q2w3e4r5t', '1qaz2wsx3edc', 'qaz123456789',
  'zaq12wsx34', 'woaini1314', 'woaini520', 'woaini5201314', '5201314abc', 'iloveyou123', 'iloveyou1314', 'welcome123',
  'welcome2026', 'admin12345', 'admin123456', 'administrator1', 'root123456', 'test123456', 'letmein123', 'sunshine123',
  'football123', 'baseball123', 'monkey123456', 'dragon123456', 'master123456', 'shadow123456', 'princess123', 'superman123',
  'qq123456789', 'wang123456', 'zhang123456', 'li12345678', 'chen123456', 'liu1234567', 'huang123456', 'nongye12345',
  'shaoguan123', 'shaoguan2026', 'sanquan2026', 'sanquan123', 'testpassw0rd', 'changeme123',
]);

// Words that are a password's whole letter part in many leaked passwords ("password2026").
const WORDS = ['password', 'qwerty', 'qwertyuiop', 'asdfgh', 'admin', 'welcome', 'iloveyou', 'woaini', 'abc', 'abcd',
  'test', 'letmein', 'sanquan', 'shaoguan', 'nongye', 'nongcun', 'changeme', 'root', 'user', 'guest'];

/** The reason a password is too easy to guess, or null. */
export function weakness(password: string, username?: string | null): 'passwordCommon' | 'passwordHasUsername' | null {
  const p = password.toLowerCase();
  if (COMMON.has(p)) return 'passwordCommon';
  const letters = p.replace(/[^a-z]/g, '');
  const rest = p.replace(/[a-z]/g, '');
  if (/^[0-9]*$/.test(rest) && WORDS.includes(letters)) return 'passwordCommon';
  // A single repeated character, or a run like 0123456789 with one or two letters.
  if (/^(.)\1+$/.test(p) || (letters.length <= 2 && isRun(rest))) return 'passwordCommon';
  const name = (username ?? '').trim().toLowerCase();
  if (name.length >= 3 && (p.includes(name) || p.includes([...name].reverse().join('')))) return 'passwordHasUsername';
  return null;
}

/** Digits that climb or fall by one, or repeat, all the way (1234567890, 987654321, 1111111111). */
function isRun(digits: string): boolean {
  if (digits.length < 4) return false;
  const steps = new Set<number>();
  for (let i = 1; i < digits.length; i++) steps.add((Number(digits[i]) - Number(digits[i - 1]) + 10) % 10);
  return steps.size === 1 && [0, 1, 9].includes([...steps][0]);
}
