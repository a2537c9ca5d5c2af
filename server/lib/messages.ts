import type { TFunction } from 'i18next';
import { AppError, DomainError, ValidationError } from '../errors';

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
