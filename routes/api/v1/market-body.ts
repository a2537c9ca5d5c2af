import { formatCenti } from '../../../server/kernel/money';
import { AppError, DomainError, fromDbError, ValidationError, type FieldErrors } from '../../../server/kernel/errors';

// Bodies of the market API. Money arrives as integer fen; the use cases read prices as the
// yuan the web forms send, so an amount is handed on as its exact yuan string ("16800.00"),
// and the use cases' field names (price) are told back as the API's (priceFen). A malformed
// amount is not refused here but handed on as a value the use case's schema refuses: so the
// use case's scope and role checks still come first (an id outside the caller's scope is a
// 404 whatever the body), exactly as on the web, and only then the field error, in fen terms.

export const MAX_FEN = 10_000_000_000; // 1 亿元, the web forms' limit (server/market/fields.ts)

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NOT_AN_AMOUNT = Object.freeze({ notAnAmount: true });
const FEN_RANGE = { code: 'intRange', params: { min: 1, max: MAX_FEN } };

export type Fen = { value: unknown; invalid: boolean };

/** An amount in fen → its yuan string for the use case; absent stays absent (the use case says "required"). */
export function fenAsYuan(body: Record<string, unknown>, key: string): Fen {
  const v = body[key];
  if (v === undefined || v === null) return { value: undefined, invalid: false };
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1 || v > MAX_FEN) return { value: NOT_AN_AMOUNT, invalid: true };
  return { value: formatCenti(v), invalid: false };
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
 * client's field errors name what the client sent; `invalid` names the API fields whose
 * amount was malformed, told as "a whole number of fen". Database refusals are mapped first.
 */
export async function renamed<T>(names: Record<string, string>, work: () => Promise<T>, invalid: string[] = []): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const e = err instanceof AppError ? err : fromDbError(err);
    if (!e) throw err;
    if (e instanceof ValidationError) {
      const fields: FieldErrors = {};
      for (const [k, v] of Object.entries(e.fields)) {
        const name = names[k] ?? k;
        fields[name] = invalid.includes(name) ? FEN_RANGE : v;
      }
      throw new ValidationError(fields);
    }
    if (e instanceof DomainError && e.field && names[e.field]) throw new DomainError(e.code, e.params, names[e.field]);
    throw e;
  }
}
