import type { TFunction } from 'i18next';
import { type AppError, DomainError, ValidationError } from '../kernel/errors';

/** The user's-language message for each field of an error (key _form for the whole form). */
export function translateErrors(t: TFunction, err: AppError): Record<string, string> {
  const tr = (code: string, params: Record<string, unknown> = {}) => {
    const p = { ...params };
    if (typeof p.terrain === 'string') p.terrain = t(`registry.terrain.${p.terrain}`);
    return t(`errors.${code}`, p as Record<string, string>);
  };
  if (err instanceof ValidationError) {
    return Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k, tr(v.code, v.params)]));
  }
  if (err instanceof DomainError) return { [err.field ?? '_form']: tr(err.code, err.params) };
  return { _form: tr(err.code, err.params) };
}

/** The error code behind each message of translateErrors (same keys), for views that link to the rule. */
export function errorCodes(err: AppError): Record<string, string> {
  if (err instanceof ValidationError) return Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k, v.code]));
  if (err instanceof DomainError) return { [err.field ?? '_form']: err.code };
  return { _form: err.code };
}

// Codes whose message cites a rule although the code does not start with ruleN.
const RULE_OF_CODE: Record<string, number> = {
  invalidIdNumber: 13,
  duplicateIdNumber: 13,
  duplicateCertificate: 13,
  accountMinor: 2,
  forbidden: 12,
};

/** The DOMAIN.md rule that a refusal comes from, or null (e.g. rule4.oversize → 4). */
export function ruleOf(code: string | undefined): number | null {
  if (!code) return null;
  const m = /^rule(\d+)\./.exec(code);
  return m ? Number(m[1]) : (RULE_OF_CODE[code] ?? null);
}

/** field → its rule's explanation on the help page (/help#rule-N), for the fields a rule refused. */
export function errorHelp(err: AppError): Record<string, string> {
  return Object.fromEntries(
    Object.entries(errorCodes(err)).flatMap(([k, code]) => {
      const n = ruleOf(code);
      return n ? [[k, `/help#rule-${n}`]] : [];
    }),
  );
}
