// Import throughput: `npx tsx test/bench/import.bench.ts` (not part of npm test).
// Writes its figures to test/bench/results/import.json; asserts nothing about time.
//
// One collective can hold at most 9,999 households (the 承包方编码 ends in a 4-digit
// sequence), so the "100,000 rows" are those of the largest collective a file can describe:
// 9,999 households × (4 members + 4 parcels of one contract + 1 homestead + 1 shares row)
// = 99,990 data rows, imported in one file into an empty in-memory database (PGlite),
// or into a fresh database on a PostgreSQL server when DATABASE_URL is set.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'csv-stringify/sync';
import { makeIdNumber } from '../../server/demo/id-gen';
import { getCollective } from '../../server/registry/collectives';
import { checkAndWrite } from '../../server/registry/import/run';
import type { Phase } from '../../server/registry/import/types';
import { freshDb } from '../helpers/db';
import { makeCollective, makeUser } from '../helpers/factories';

const HOUSEHOLDS = Number(process.env.BENCH_HOUSEHOLDS ?? 9_999);
const here = path.dirname(fileURLToPath(import.meta.url));

function birth(idx: number): string {
  const d = new Date(Date.UTC(1950, 0, 1) + Math.floor(idx / 500) * 86_400_000);
  return d.toISOString().slice(0, 10);
}

function generate(prefix: string): { csv: Buffer; rows: number } {
  const header = [
    '类型',
    '承包方编码',
    '姓名',
    '身份证号',
    '与户主关系',
    '联系电话',
    '住址',
    '承包合同编号',
    '承包期起',
    '承包期止',
    '地块编码',
    '地块名称',
    '面积（亩）',
    '地类',
    '东至',
    '南至',
    '西至',
    '北至',
    '宗地代码',
    '坐落',
    '宗地面积（平方米）',
    '地形',
    '批准文号',
    '股数',
  ];
  const out: string[][] = [header];
  const row = (v: Record<string, string>) => header.map((h) => v[h] ?? '');
  const relations = ['户主', '配偶', '子女', '子女'];
  for (let i = 1; i <= HOUSEHOLDS; i++) {
    const code = `${prefix}${String(i).padStart(4, '0')}`;
    for (let k = 0; k < 4; k++) {
      const idx = (i - 1) * 4 + k,
        sex = k % 2 === 0 ? 'M' : 'F';
      out.push(
        row({
          类型: '成员',
          承包方编码: code,
          姓名: `成员${i}-${k}`,
          身份证号: makeIdNumber('440205', birth(idx), (idx % 500) * 2 + (sex === 'M' ? 1 : 0), sex),
          与户主关系: relations[k],
          ...(k === 0 ? { 联系电话: '13800138000', 住址: `龙岗村 ${i} 号` } : {}),
        }),
      );
    }
    for (let p = 0; p < 4; p++) {
      out.push(
        row({
          类型: '地块',
          承包方编码: code,
          承包合同编号: `HT-${i}`,
          承包期起: '2018-01-01',
          承包期止: '2047-12-31',
          地块编码: `${prefix}${String((i - 1) * 4 + p + 1).padStart(5, '0')}`,
          地块名称: `田${p}`,
          '面积（亩）': '1.25',
          地类: '水田',
          东至: '路',
          南至: '河',
          西至: '沟',
          北至: '山',
        }),
      );
    }
    out.push(
      row({
        类型: '宅基地',
        承包方编码: code,
        宗地代码: `${prefix}${String(40_000 + i).padStart(5, '0')}`,
        坐落: `龙岗村 ${i} 号`,
        '宗地面积（平方米）': '75',
        地形: '平原',
        批准文号: `宅${i}`,
      }),
    );
    out.push(row({ 类型: '股权', 承包方编码: code, 股数: '10' }));
  }
  return { csv: Buffer.from('\uFEFF' + stringify(out), 'utf8'), rows: out.length - 1 };
}

const h = await freshDb();
try {
  const c = await getCollective(h.db, (await makeCollective(h.db, { totalShares: HOUSEHOLDS * 10 })).id);
  const { actor } = await makeUser(h.db, 'officer', { collectiveId: c.id });
  const { csv, rows } = generate(c.regionCode + c.groupCode);
  const marks: Partial<Record<Phase, number>> = {};
  const load = loadavg()[0];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const out = await checkAndWrite(h.db, actor, c, { id: randomUUID(), fileName: 'bench.csv' }, csv, 'csv', async (_done, _total, phase) => {
    marks[phase] ??= performance.now();
  });
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  if (!out.ok) throw new Error(`bench file refused: ${JSON.stringify(out.errors.slice(0, 5))}`);
  const s = (a: number, b: number) => Math.round(b - a) / 1000;
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    database: h.kind === 'pg' ? 'postgresql server' : 'pglite in memory',
    file: { format: 'csv', bytes: csv.length, rows, households: HOUSEHOLDS },
    seconds: {
      read: s(t0, marks.validating ?? t0),
      check: s(marks.validating ?? t0, marks.writing ?? t1),
      write: s(marks.writing ?? t1, t1),
      total: s(t0, t1),
    },
    rowsPerSecond: Math.round(rows / ((t1 - t0) / 1000)),
    // Other work on the machine slows the wall clock; with PGlite the database runs in this
    // process, so rows per CPU second of this process is the figure that does not depend on it.
    cpuSeconds: Math.round(cpuSeconds * 10) / 10,
    rowsPerCpuSecond: h.kind === 'pg' ? undefined : Math.round(rows / cpuSeconds),
    machine: { cpus: cpus().length, loadAverageAtStart: Math.round(load * 10) / 10 },
    counts: out.counts,
  };
  mkdirSync(path.join(here, 'results'), { recursive: true });
  const file = path.join(here, 'results', h.kind === 'pg' ? 'import-pg.json' : 'import.json');
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result, null, 2));
} finally {
  await h.close();
}
