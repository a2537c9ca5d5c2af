import fc from 'fast-check';

// Hostile input for the property tests (test/http/hostile-input.test.ts): markup meant to run
// in a page, SQL and query-operator fragments, template and prototype tricks, Unicode edge
// cases, very long strings, numbers and dates out of range, malformed ids; and the shapes a
// form field can take besides a string (repeated, array, object).

/** Markers that must never come back unescaped: each would run script if it did. */
export const MARKUP = ['<script>sqx(1)</script>', '"><img src=x onerror=sqx(2)>', "'><svg onload=sqx(3)>", '" autofocus onfocus="sqx(4)'];
export const RAW_MARKERS = ['<script>sqx', '<img src=x onerror=sqx', '<svg onload=sqx', '" autofocus onfocus="sqx'];

export const NASTY = [
  ...MARKUP,
  "'; drop table households; --",
  "1' or '1'='1",
  '1; select pg_sleep(5)',
  '{"$ne":1}',
  '$where',
  '\\',
  '%',
  '_',
  '%00',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template injection probe, sent as typed
  '${7*7}',
  '<%= process.exit() %>',
  '{{constructor.constructor("return process")()}}',
  '__proto__',
  'constructor',
  '=HYPERLINK("http://evil.example","x")',
  "+cmd|'/C calc'!A0",
  '@SUM(1+1)',
  '-2+3',
  '\u0000',
  'a\u0000b',
  '\u202etxt.exe',
  '\u200b',
  '\ufeff',
  '\ud800',
  '👨‍👩‍👧‍👦',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǵ̬̤o',
  '𠀀𪚥',
  '李\t\r\n王',
  '-1',
  '0',
  '-0',
  '1e308',
  '-1e308',
  'NaN',
  'Infinity',
  '9007199254740993',
  '0x1F',
  '１２３',
  '1,000',
  '12.345',
  '3.',
  '2026-02-30',
  '0000-00-00',
  '9999-12-31',
  '2026-13-01',
  '1900-01-01T25:61:00',
  '20260101',
  '00000000-0000-0000-0000-000000000000',
  'not-a-uuid',
  '../../etc/passwd',
  ' ',
  '',
];

const long = fc.constantFrom(10_000, 70_000).chain((n) => fc.constantFrom('A', '<', '李', '9').map((c) => c.repeat(n)));

/** One hostile string. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...MARKUP), fc.string({ maxLength: 8 })).map(([m, s]) => s + m) },
  { weight: 1, arbitrary: long },
  { weight: 1, arbitrary: fc.double().map(String) },
);

/** How a field travels in a urlencoded body (qs, extended): a value, repeated, as an array, as an object. */
export type Shape = { kind: 'value' | 'repeat' | 'array' | 'object' | 'missing' | 'badBytes'; values: string[] };

export const fieldShape: fc.Arbitrary<Shape> = fc.oneof(
  { weight: 6, arbitrary: hostileString.map((v) => ({ kind: 'value' as const, values: [v] })) },
  { weight: 1, arbitrary: fc.array(hostileString, { minLength: 2, maxLength: 3 }).map((values) => ({ kind: 'repeat' as const, values })) },
  { weight: 1, arbitrary: fc.array(hostileString, { minLength: 1, maxLength: 3 }).map((values) => ({ kind: 'array' as const, values })) },
  { weight: 1, arbitrary: hostileString.map((v) => ({ kind: 'object' as const, values: [v] })) },
  { weight: 1, arbitrary: fc.constant<Shape>({ kind: 'missing', values: [] }) },
  // Bytes that are not UTF-8 at all: an overlong '/', an encoded surrogate, a stray 0xFF.
  { weight: 1, arbitrary: fc.constant<Shape>({ kind: 'badBytes', values: [] }) },
);

/** Percent-encodes the UTF-8 bytes (a lone surrogate goes as U+FFFD, as browsers send it). */
const enc = (v: string) =>
  [...Buffer.from(v, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');

/** The urlencoded body, written by hand so that repeats, arrays and objects reach the parser as sent. */
export function encodeForm(fields: Record<string, Shape>, extra: Record<string, string> = {}): string {
  const parts: string[] = [];
  for (const [name, s] of Object.entries(fields)) {
    if (s.kind === 'value' || s.kind === 'repeat') for (const v of s.values) parts.push(`${enc(name)}=${enc(v)}`);
    else if (s.kind === 'array') for (const v of s.values) parts.push(`${enc(name)}[]=${enc(v)}`);
    else if (s.kind === 'object') parts.push(`${enc(name)}[$ne]=${enc(s.values[0])}`, `${enc(name)}[__proto__][polluted]=1`);
    else if (s.kind === 'badBytes') parts.push(`${enc(name)}=%C0%AF%ED%A0%80%FF`);
  }
  for (const [k, v] of Object.entries(extra)) parts.push(`${enc(k)}=${enc(v)}`);
  return parts.join('&');
}

/** A JSON value of any type where the API expects a string, number or object. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.constantFrom(-1, 0, 1e308, -1e308, 2 ** 53 + 1, 0.1 + 0.2, -0) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom({ $ne: 1 }, { $gt: '' }, { toString: 'x' }, { __proto__: { polluted: 1 } }, {}) },
);

export type Form = { page: string; action: string; fields: string[]; multipart: boolean };

/** The POST forms of a page: action, field names (the CSRF token left out) and encoding. */
export function formsOf(page: string, html: string): Form[] {
  const out: Form[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attrs = m[1];
    if (!/method="post"/i.test(attrs)) continue;
    const action = /action="([^"]*)"/.exec(attrs)?.[1]?.replace(/&amp;/g, '&');
    if (!action) continue;
    const names = [...m[2].matchAll(/<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"/g)]
      .map((x) => x[1].replace(/&amp;/g, '&'))
      .filter((n) => n !== '_csrf');
    out.push({ page, action, fields: [...new Set(names)], multipart: /multipart\/form-data/.test(attrs) });
  }
  return out;
}

/** The markers found unescaped in a response, if any. */
export function rawMarkup(text: string): string[] {
  return RAW_MARKERS.filter((m) => text.includes(m));
}
