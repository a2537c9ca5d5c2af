import { stringify } from 'csv-stringify/sync';
import type { Table } from '../../oversight/tables';
import { excel } from './excel';

// Tables to XLSX and CSV. Text that a spreadsheet would read as a formula (= + - @, or a
// leading tab/CR) gets a leading apostrophe, so a name typed into the registry can never run
// as a formula on a bureau computer. Numbers stay numbers. CSV carries a UTF-8 BOM so that
// Excel opens Chinese text correctly.

export function safeCell(v: string | number | null): string | number | null {
  if (typeof v !== 'string') return v;
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

function body(t: Table): (string | number | null)[][] {
  return [t.columns, ...t.rows, ...(t.foot ? [t.foot] : [])].map((r) => r.map(safeCell));
}

export function tableCsv(t: Table): Buffer {
  const text = stringify(body(t).map((r) => r.map((v) => (v == null ? '' : v))));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

/** One sheet per table; a title row above each. */
export async function tablesXlsx(tables: Table[], heading: string): Promise<Buffer> {
  const wb = new (await excel()).Workbook();
  wb.creator = 'sanquan-registry';
  const used = new Set<string>();
  for (const t of tables) {
    // Sheet names: at most 31 characters, none of : \ / ? * [ ], unique.
    let name = t.title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 28) || t.id;
    while (used.has(name)) name = `${name.slice(0, 26)}_${used.size}`;
    used.add(name);
    const ws = wb.addWorksheet(name);
    ws.addRow([safeCell(`${heading} · ${t.title}`)]).font = { bold: true };
    const head = ws.addRow(t.columns.map(safeCell));
    head.font = { bold: true };
    for (const r of body(t).slice(1)) ws.addRow(r);
    t.types.forEach((ty, i) => {
      const col = ws.getColumn(i + 1);
      col.width = ty === 'text' ? 18 : 12;
      if (ty === 'dec2') col.numFmt = '#,##0.00';
      if (ty === 'pct') col.numFmt = '0.0"%"';
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
