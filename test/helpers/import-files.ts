import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import type { Db } from '../../server/platform/db';
import { idNumber } from './factories';
import { csrfFrom, type Agent } from './http';

// Import files built the way a user would fill them in: Chinese headers in the CSV,
// English sheet names and headers in the XLSX (both halves of the template's headers are accepted).

export type Row = Record<string, string | number>;

const CSV_HEADER = [
  '类型',
  '承包方编码',
  '姓名',
  '身份证号',
  '与户主关系',
  '集体经济组织成员',
  '户籍状态',
  '落户日期',
  '落户城市',
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
  '证书编号',
];

/** A UTF-8 CSV with BOM (as Excel writes "CSV UTF-8"); rows are keyed by Chinese header. */
export function csvFile(rows: Row[], header = CSV_HEADER): Buffer {
  const body = stringify([header, ...rows.map((r) => header.map((h) => r[h] ?? ''))]);
  return Buffer.from('\uFEFF' + body, 'utf8');
}

/** An XLSX with one sheet per entry; each sheet's header is the union of its rows' keys. */
export async function xlsxFile(sheets: Record<string, Record<string, unknown>[]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    const header = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    ws.addRow(header);
    for (const r of rows) ws.addRow(header.map((h) => r[h] ?? null));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

let seq = 100;
/** A complete valid household of a collective (14-digit prefix) as CSV rows: head, spouse, one land parcel, homestead, shares. */
export function householdCsvRows(
  prefix: string,
  over: { shares?: number; contract?: string } = {},
): { code: string; ids: string[]; rows: Row[] } {
  const n = ++seq;
  const code = `${prefix}${String(n).padStart(4, '0')}`;
  const ids = [idNumber('1975-03-04', 'M'), idNumber('1977-07-08', 'F')];
  const contract = over.contract ?? `HT-${n}-${Math.random().toString(36).slice(2, 7)}`;
  return {
    code,
    ids,
    rows: [
      {
        类型: '成员',
        承包方编码: code,
        姓名: `户主${n}`,
        身份证号: ids[0],
        与户主关系: '户主',
        联系电话: '13800138000',
        住址: `龙岗村 ${n} 号`,
      },
      {
        类型: '成员',
        承包方编码: code,
        姓名: `配偶${n}`,
        身份证号: ids[1],
        与户主关系: '配偶',
        户籍状态: '已进城落户',
        落户日期: '2019/5/1',
        落户城市: '广州市',
      },
      {
        类型: '地块',
        承包方编码: code,
        承包合同编号: contract,
        承包期起: '2018-01-01',
        承包期止: '2047-12-31',
        地块编码: `${prefix}${String(n).padStart(5, '0')}`,
        地块名称: '门前田',
        '面积（亩）': '1.35',
        地类: '水田',
        东至: '路',
        南至: '河',
        西至: '沟',
        北至: '山',
      },
      {
        类型: '宅基地',
        承包方编码: code,
        宗地代码: `${prefix}${String(50000 + n).padStart(5, '0')}`,
        坐落: `龙岗村 ${n} 号`,
        '宗地面积（平方米）': '78.5',
        地形: '平原',
        批准文号: `宅批${n}`,
      },
      { 类型: '股权', 承包方编码: code, 股数: over.shares ?? 5 },
    ],
  };
}

/** Uploads a file through the real form (CSRF token in the multipart body); returns the response. */
export async function upload(agent: Agent, name: string, buf: Buffer, csrf = true) {
  const token = csrfFrom((await agent.get('/imports/new').expect(200)).text);
  const req = agent.post('/imports');
  if (csrf) req.field('_csrf', token);
  return req.attach('file', buf, name);
}

/** Follows the job page until it stops refreshing itself. */
export async function finished(agent: Agent, url: string): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const page = await agent.get(url).expect(200);
    if (!page.text.includes('data-poll')) return page.text;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the import did not finish');
}

export async function counts(db: Db) {
  const r =
    (await db.execute(sql`select (select count(*) from households)::int h, (select count(*) from members)::int m, (select count(*) from rights)::int r,
    (select count(*) from parcels)::int p, (select count(*) from certificates)::int c, (select count(*) from audit_log)::int a`)) as unknown as {
      rows: Record<string, number>[];
    };
  return r.rows[0];
}

/** Supertest parser for a file download: the raw bytes. */
export function binary(res: unknown, cb: (err: Error | null, body: Buffer) => void): void {
  const stream = res as NodeJS.ReadableStream;
  const d: Buffer[] = [];
  stream.on('data', (x: Buffer) => d.push(x));
  stream.on('end', () => cb(null, Buffer.concat(d)));
}
