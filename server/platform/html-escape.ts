// What `<%= %>` does to a value in every view (the EJS engine call in server/app.ts): the five
// characters that mean something in HTML become entities, exactly as EJS's own escapeXML writes
// them (&amp; &lt; &gt; &#34; &#39;), and null or undefined becomes nothing. EJS's version runs a
// replacement over every value; most values (names, codes, dates, ids) hold none of the five, so
// a test first returns them as they are: half the time per value, 150 → 75 ns
// (test/bench/escape.ts; BENCHMARKS.md, "Escaping a value").

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };
const SPECIAL = /[&<>"']/;
const SPECIAL_ALL = /[&<>"']/g;

export function escapeHtml(value: unknown): string {
  if (value === undefined || value === null) return '';
  const s = String(value);
  return SPECIAL.test(s) ? s.replace(SPECIAL_ALL, (c) => ENTITY[c]) : s;
}
