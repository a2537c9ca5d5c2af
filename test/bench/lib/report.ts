import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Figures } from './load';

// BENCHMARKS.md: the figures of one run between two markers (rewritten by every run), the
// analysis written by hand around them (kept).

export type TargetResult = {
  label: string;
  database: string;
  counts: Record<string, number>;
  officer: string;
  scenarios: Record<string, { title: string; key: boolean; dashboard?: boolean; app: Figures; dbFloor?: Figures }>;
  workers?: number;
  village?: { connections: number; scenarios: Record<string, Figures> };
  renderFloor?: Figures;
  memory?: {
    afterLoadPeakMb: number;
    afterLoadRssMb: number;
    afterLoadProcesses?: number;
    afterLoadMaxProcessPeakMb?: number;
    idleRssMb: number;
    largestExport: { households: number; bytes: number; seconds: number; peakMb: number };
  };
  explain?: Record<string, string>;
};
export type Run = {
  date: string;
  command: string;
  machine: Record<string, string>;
  connections: number;
  seconds: number;
  loadBefore: string;
  loadAfter: string;
  targets: TargetResult[];
  import?: Record<string, unknown>;
};

const f = (x: number | undefined, d = 1) => (x === undefined ? '—' : x.toFixed(d));
const BEGIN = '<!-- bench:begin (written by npm run bench; edit outside these markers) -->';
const END = '<!-- bench:end -->';

export function markdown(run: Run): string {
  const out: string[] = [BEGIN, '', `Run of ${run.date} — \`${run.command}\``, ''];
  out.push(
    `Machine: ${Object.entries(run.machine)
      .map(([k, v]) => `${k} ${v}`)
      .join('; ')}.`,
  );
  out.push(
    `Load: autocannon, ${run.connections} connections, ${run.seconds} s per page after a 2 s warm-up, logged in through the login form (API: bearer token).`,
  );
  out.push(`Load average before the run: ${run.loadBefore}; after: ${run.loadAfter} (other work on the machine shows here).`, '');
  for (const t of run.targets) {
    out.push(`### ${t.label} (${t.database})`, '');
    out.push(
      `Data: ${Object.entries(t.counts)
        .map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`)
        .join(', ')}. Officer: ${t.officer}. App processes: ${t.workers ?? 1}${(t.workers ?? 1) > 1 ? ' (WEB_CONCURRENCY)' : ''}.`,
      '',
    );
    out.push(
      '| page / call | p50 ms | p95 ms | p99 ms | req/s | errors | DB floor p95 ms | DB floor req/s |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const [id, s] of Object.entries(t.scenarios)) {
      out.push(
        `| ${s.title} \`${id}\` | ${f(s.app.p50)} | ${f(s.app.p95)} | ${f(s.app.p99)} | ${f(s.app.rps)} | ${s.app.errors} | ${f(s.dbFloor?.p95)} | ${f(s.dbFloor?.rps)} |`,
      );
    }
    if (t.village) {
      out.push(
        '',
        `The key pages again at ${t.village.connections} connections (a village office's few users):`,
        '',
        '| page / call | p50 ms | p95 ms | p99 ms | req/s |',
        '|---|---:|---:|---:|---:|',
      );
      for (const [id, v] of Object.entries(t.village.scenarios))
        out.push(`| ${t.scenarios[id]?.title ?? id} | ${f(v.p50)} | ${f(v.p95)} | ${f(v.p99)} | ${f(v.rps)} |`);
    }
    if (t.renderFloor) {
      const hh = t.scenarios.household?.app;
      out.push(
        '',
        `Render floor (the household scenario's pages, Express + EJS, fixed data, no database): p50 ${f(t.renderFloor.p50)} ms, p95 ${f(t.renderFloor.p95)} ms, ${f(t.renderFloor.rps)} req/s;` +
          ` the app serves ${f(hh?.rps)} req/s = **${f(hh ? (hh.rps / t.renderFloor.rps) * 100 : undefined, 0)} %** of it.`,
      );
    }
    if (t.memory) {
      const m = t.memory;
      const procs =
        (m.afterLoadProcesses ?? 1) > 1
          ? ` summed over its ${m.afterLoadProcesses} processes (largest single process ${m.afterLoadMaxProcessPeakMb} MB)`
          : '';
      out.push(
        '',
        `App memory: peak RSS ${m.afterLoadPeakMb} MB${procs} over all pages under load, ${run.connections} at a time, exports included (RSS at the end ${m.afterLoadRssMb} MB). ` +
          `A fresh process (RSS ${m.idleRssMb} MB after start-up) exporting the largest collective's register as XLSX (${m.largestExport.households.toLocaleString('en-US')} households, ` +
          `${(m.largestExport.bytes / 1e6).toFixed(1)} MB in ${f(m.largestExport.seconds)} s): peak RSS ${m.largestExport.peakMb} MB.`,
      );
    }
    out.push('');
  }
  const s = run.targets.find((t) => t.label.startsWith('PostgreSQL server, S'));
  const l = run.targets.find((t) => t.label.startsWith('PostgreSQL server, L'));
  if (s && l) {
    out.push('### Growth from S to L (PostgreSQL server)', '', '| page / call | p95 S ms | p95 L ms | L / S |', '|---|---:|---:|---:|');
    for (const id of Object.keys(l.scenarios)) {
      const a = s.scenarios[id]?.app.p95,
        b = l.scenarios[id].app.p95;
      out.push(`| ${l.scenarios[id].title} | ${f(a)} | ${f(b)} | ${a ? f(b / a, 2) : '—'} |`);
    }
    out.push('');
  }
  if (run.import) out.push('### Import', '', '```json', JSON.stringify(run.import, null, 2), '```', '');
  for (const t of run.targets) {
    if (!t.explain) continue;
    out.push(`### EXPLAIN (${t.label})`, '');
    for (const [k, v] of Object.entries(t.explain)) out.push(`<details><summary>${k}</summary>`, '', '```', v, '```', '</details>', '');
  }
  out.push(END);
  return out.join('\n');
}

/** Replaces the figures in the file (or creates it), keeping the hand-written text around them. */
export function writeReport(file: string, run: Run): void {
  const body = markdown(run);
  if (!existsSync(file)) return writeFileSync(file, `# Benchmarks\n\n${body}\n`);
  const old = readFileSync(file, 'utf8');
  const a = old.indexOf(BEGIN),
    b = old.indexOf(END);
  writeFileSync(file, a >= 0 && b > a ? old.slice(0, a) + body + old.slice(b + END.length) : `${old.trimEnd()}\n\n${body}\n`);
}
