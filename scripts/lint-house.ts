import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// The house rules no off-the-shelf tool knows (docs/ARCHITECTURE.md), checked by `npm run lint`:
// - views decide nothing about roles: they get `can` flags and view models (rule 12 lives in the areas);
// - one clock: `new Date()` and `Date.now()` only in server/kernel/clock.ts (server/ and routes/);
// - one function masks ID numbers (rule 14): server/kernel/personal-data.ts;
// - use cases take typed commands: no exported function of an area takes `unknown` input;
// - one id check, isUuid (server/kernel/ids.ts): a zod schema built per call (`z.uuid().safeParse(…)`)
//   costs some 4.5 µs and garbage on every request that checks an id, against 0.1 µs;
// - no view names a local after an Object.prototype member: the views run on their locals object
//   itself (unsafePrototypeLocals, server/app.ts), where such a name would resolve to the prototype's.
// Each rule lists its offenders as file:line; the exit status is the number of rule breaches (0: clean).

const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { encoding: 'utf8' }).split('\n').filter(Boolean);
type Hit = { rule: string; where: string; text: string };
const hits: Hit[] = [];

function scan(rule: string, pick: (f: string) => boolean, pattern: RegExp, allowed: (f: string) => boolean = () => false): void {
  for (const f of files.filter(pick)) {
    if (allowed(f)) continue;
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch {
      continue; // deleted in the working tree
    }
    text.split('\n').forEach((line, i) => {
      if (pattern.test(line)) hits.push({ rule, where: `${f}:${i + 1}`, text: line.trim().slice(0, 120) });
    });
  }
}

const AREAS = /^server\/(registry|market|oversight|admin|accounts|membership)\//;

scan(
  'no role in views (pass can flags)',
  (f) => f.startsWith('views/'),
  /\buser\.role\b|\brole\s*[!=]==|\buser\.(collectiveId|householdId|regionCode)\b/,
);
scan(
  'one clock (server/kernel/clock.ts)',
  (f) => /^(server|routes)\/.*\.ts$/.test(f),
  /new Date\(\)|Date\.now\(\)/,
  (f) => f === 'server/kernel/clock.ts',
);
scan(
  'one ID-number mask (server/kernel/personal-data.ts)',
  (f) => /^(server|routes)\/.*\.ts$|^views\//.test(f) && !f.startsWith('server/platform/i18n/') && !f.startsWith('routes/api/openapi'),
  /\d\*{8,}|\*{8,}\d|'\*'\.repeat\(\s*1[01]\b/,
  (f) => f === 'server/kernel/personal-data.ts',
);
scan(
  'typed commands (no unknown input to a use case)',
  (f) => AREAS.test(f) && f.endsWith('.ts'),
  /^export (async )?function \w+\([^)]*:\s*unknown\b/,
);
scan('one id check (isUuid, server/kernel/ids.ts)', (f) => /^(server|routes)\/.*\.ts$/.test(f), /\bz\.uuid\(\)\.(safeParse|parse)\(/);
scan(
  'no Object.prototype name as a local in views (server/app.ts)',
  (f) => f.startsWith('views/'),
  /(^|[^.\w$])(constructor|toString|valueOf|hasOwnProperty|isPrototypeOf|propertyIsEnumerable|toLocaleString|__proto__)\b/,
);

const byRule = new Map<string, Hit[]>();
for (const h of hits) byRule.set(h.rule, [...(byRule.get(h.rule) ?? []), h]);
for (const [rule, list] of byRule) {
  console.log(`✗ ${rule}: ${list.length}`);
  for (const h of list) console.log(`    ${h.where}  ${h.text}`);
}
if (!hits.length) console.log('house rules: clean');
process.exit(byRule.size);
