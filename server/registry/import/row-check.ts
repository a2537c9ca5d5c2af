import type { z } from 'zod';
import { toFieldErrors } from '../../kernel/fields';
import { isoDateText } from '../../platform/files/cells';
import type { ColKey } from './columns';
import type { Problems, RawRow } from './types';

/** A cell's text; undefined when the column is absent or the cell blank (so optional fields stay optional). */
export function val(r: RawRow, k: ColKey): string | undefined {
  const t = r.cells[k];
  return t === undefined || t.trim() === '' ? undefined : t;
}

export function dateVal(r: RawRow, k: ColKey): string | undefined {
  const t = val(r, k);
  return t === undefined ? undefined : isoDateText(t);
}

/**
 * Runs one of the domain's own schemas on a row, so a rule lives once: the form and the
 * import refuse the same values with the same messages. Problems go to the cell they concern.
 */
export function checkRow<S extends z.ZodType>(
  problems: Problems,
  r: RawRow,
  schema: S,
  input: Record<string, unknown>,
  fields: Record<string, ColKey>,
): z.output<S> | null {
  const res = schema.safeParse(input);
  if (res.success) return res.data;
  for (const [field, e] of Object.entries(toFieldErrors(res.error))) {
    const params = e.params && Object.keys(e.params).length ? e.params : undefined;
    problems.add(r, fields[field.split('.')[0]], e.code, params);
  }
  return null;
}

/** Same value written twice in the file: every later row names the first one. */
export class FirstSeen {
  private m = new Map<string, number>();
  /** Returns the earlier row number, or null (and remembers this row) when the value is new. */
  check(value: string | undefined, row: number): number | null {
    if (!value) return null;
    const first = this.m.get(value);
    if (first !== undefined) return first;
    this.m.set(value, row);
    return null;
  }
}

/** Lets the server answer other requests during a long check of a big file. */
export const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));
