// Turning a spreadsheet cell into the text the schemas check, and refusing what must not pass.

export type Issue = { code: string; params?: Record<string, unknown> };
export type CellValue = { text: string; issue?: Issue };

/**
 * A value that a spreadsheet program would run as a formula when the file is opened or
 * exported again (CSV/formula injection). "-5" or "+86 138…" are numbers, not formulas.
 */
export function looksLikeFormula(s: string): boolean {
  const t = s.trim();
  return /^[=+\-@]/.test(t) && !/^[=+\-@][0-9.,\s]*$/.test(t);
}

function fromText(s: string): CellValue {
  if (looksLikeFormula(s)) return { text: s, issue: { code: 'import.formula' } };
  return { text: s };
}

/** Numbers keep at most two decimals (areas); binary noise such as 0.30000000000000004 is dropped. */
function numberText(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const r = Math.round(n * 100) / 100;
  return Math.abs(r - n) < 1e-9 ? String(r) : String(n);
}

/** Dates typed into a CSV the way Chinese Excel shows them (2018/1/1) become ISO dates. */
export function isoDateText(s: string): string {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s.trim());
  return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : s.trim();
}

/**
 * A cell as exceljs reads it (string, number, Date, boolean, or an object for formulas, rich
 * text, hyperlinks and errors). `digits`: the column holds long digit strings (ID numbers,
 * codes), which a numeric cell cannot hold exactly.
 */
export function xlsxCell(v: unknown, digits: boolean): CellValue {
  if (v === null || v === undefined) return { text: '' };
  if (typeof v === 'string') return fromText(v);
  if (typeof v === 'number') {
    if (digits && !Number.isSafeInteger(v)) return { text: numberText(v), issue: { code: 'import.numberAsText' } };
    return { text: numberText(v) };
  }
  if (typeof v === 'boolean') return { text: v ? 'true' : 'false' };
  if (v instanceof Date)
    return Number.isNaN(v.getTime()) ? { text: '', issue: { code: 'invalidDate' } } : { text: v.toISOString().slice(0, 10) };
  const o = v as Record<string, unknown>;
  if ('formula' in o || 'sharedFormula' in o) return { text: '', issue: { code: 'import.formula' } };
  if ('error' in o) return { text: String(o.error), issue: { code: 'import.cellError', params: { value: String(o.error) } } };
  if (Array.isArray(o.richText)) return fromText((o.richText as { text?: string }[]).map((p) => p.text ?? '').join(''));
  if ('text' in o) return xlsxCell(o.text, digits); // hyperlink cells: { text, hyperlink }
  return { text: '', issue: { code: 'invalidValue' } };
}

export function csvCell(s: string): CellValue {
  return fromText(s);
}
