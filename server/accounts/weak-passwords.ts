import { createRequire } from 'node:module';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

// Passwords that pass the length and letters-and-digits rule but are guessed early by anyone
// who tries: zxcvbn (@zxcvbn-ts) estimates how many guesses a cracker needs, knowing the
// passwords of real leaks (language-common), English words and names (language-en), keyboard
// walks, repeats, sequences, dates and l33t spelling. Words of this registry and of Chinese
// leaked lists (pinyin) are added below, with the account's own name.

/** Pinyin and words of this registry that leaked Chinese lists and a guesser would try first. */
const LOCAL_WORDS = [
  'sanquan',
  'shaoguan',
  'nongye',
  'nongcun',
  'nongmin',
  'nongfu',
  'dengji',
  'tudi',
  'zhaijidi',
  'hezuoshe',
  'guangdong',
  'qujiang',
  'wujiang',
  'woaini',
  'woaini1314',
  'woaini520',
  '5201314',
  'zhongguo',
  'beijing',
  'shenzhen',
  'guangzhou',
  'mima',
  'mima123',
  'qq123456',
  // The hundred most common surnames' pinyin would be too many false alarms as parts; the first ones are guessed with a year.
  'wang',
  'zhang',
  'chen',
  'huang',
  'zhao',
  'zhou',
  'yang',
  'liu',
  'lin',
  'xu',
  'sun',
  'guo',
  'ma',
  'hu',
  'zhu',
  'gao',
  'luo',
  'liang',
  // The example of a good password the refusal shows: whoever copies it gets refused too.
  'tian7ming-qiao3',
];

/** The guesses (as a power of ten) a password must need: 10^8, zxcvbn's "safely unguessable" (score 3). */
export const MIN_SCORE = 3;

// zxcvbn and its word lists are loaded on the first password checked, not when the app starts
// (about 0.25 s of CPU at every start of every process and cluster worker, BENCHMARKS.md). They
// ship CommonJS, so require() loads them synchronously, as the check needs.
const load = createRequire(import.meta.url);

let checker: ZxcvbnFactory | null = null;
function zxcvbn(): ZxcvbnFactory {
  if (checker) return checker;
  const { ZxcvbnFactory: Factory } = load('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
  const common = load('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
  const english = load('@zxcvbn-ts/language-en') as typeof import('@zxcvbn-ts/language-en');
  checker = new Factory({
    dictionary: { ...common.dictionary, ...english.dictionary, local: LOCAL_WORDS },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
    // Matching is synchronous and grows faster than the length: only the first 64 characters
    // are judged, so a 200-character password cannot hold the event loop (a longer one is long enough).
    maxLength: 64,
    // The default 100 l33t substitution combinations cost ~300 ms for 64 characters; ten find
    // the real ones (P@ssw0rd, 5anquan) in ~30 ms.
    l33tMaxSubstitutions: 10,
  });
  return checker;
}

// Words that are a password's whole letter part in many leaked passwords ("admin2026000"):
// zxcvbn counts the digits after them as many guesses; a guesser tries these first.
const WORDS = [
  'password',
  'qwerty',
  'qwertyuiop',
  'asdfgh',
  'admin',
  'welcome',
  'iloveyou',
  'woaini',
  'abc',
  'abcd',
  'test',
  'letmein',
  'sanquan',
  'shaoguan',
  'nongye',
  'nongcun',
  'changeme',
  'root',
  'user',
  'guest',
];

/** The reason a password is too easy to guess, or null. */
export function weakness(password: string, username?: string | null): 'passwordCommon' | 'passwordHasUsername' | null {
  const p = password.toLowerCase();
  const name = (username ?? '').trim().toLowerCase();
  if (name.length >= 3 && (p.includes(name) || p.includes([...name].reverse().join('')))) return 'passwordHasUsername';
  const letters = p.replace(/[^a-z]/g, '');
  if (/^[0-9]*$/.test(p.replace(/[a-z]/g, '')) && WORDS.includes(letters)) return 'passwordCommon';
  // The name's parts (farmer_li → farmer, li) are what a guesser tries with a year.
  const userInputs = name ? [name, ...name.split(/[._-]+/).filter((s) => s.length >= 2)] : [];
  return zxcvbn().check(password, userInputs).score < MIN_SCORE ? 'passwordCommon' : null;
}
