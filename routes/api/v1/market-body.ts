import { formatCenti } from '../../../server/domain/money';
import { AppError, DomainError, fromDbError, ValidationError, type FieldErrors } from '../../../server/errors';

// Bodies of the market API. Money arrives as integer fen; the use cases read prices as the
// yuan the web forms send, so an amount is checked here and handed on as its exact yuan
// string ("16800.00"), and the use cases' field names (price) are told back as the API's
// (priceFen). Everything else in a body is checked by the use case itself.

export const MAX_FEN = 10_000_000_000; // 1 亿元, the web forms' limit (server/domain/market/fields.ts)

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An amount in fen → the same amount as a yuan string; anything but a whole number 1..MAX_FEN is a field error. */
export function fenAsYuan(body: Record<string, unknown>, key: string, required = true): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) {
    if (!required) return undefined;
    throw new ValidationError({ [key]: { code: 'required' } });
  }
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1 || v > MAX_FEN) {
    throw new ValidationError({ [key]: { code: 'intRange', params: { min: 1, max: MAX_FEN } } });
  }
  return formatCenti(v);
}

/** A record id in a body: a malformed one is a field error (not a 404: the URL was right). */
export function uuidField(body: Record<string, unknown>, key: string, required = true): string | undefined {
  const v = body[key];
  if ((v === undefined || v === null) && !required) return undefined;
  if (v === undefined || v === null || v === '') throw new ValidationError({ [key]: { code: 'required' } });
  if (typeof v !== 'string' || !UUID.test(v)) throw new ValidationError({ [key]: { code: 'invalidValue' } });
  return v;
}

/**
 * Runs a use case and renames the fields of its refusals (price → priceFen), so that a
 * client's field errors name what the client sent. Database refusals are mapped first.
 */
export async function renamed<T>(names: Record<string, string>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const e = err instanceof AppError ? err : fromDbError(err);
    if (!e) throw err;
    if (e instanceof ValidationError) {
      const fields: FieldErrors = {};
      for (const [k, v] of Object.entries(e.fields)) fields[names[k] ?? k] = v;
      throw new ValidationError(fields);
    }
    if (e instanceof DomainError && e.field && names[e.field]) throw new DomainError(e.code, e.params, names[e.field]);
    throw e;
  }
}
