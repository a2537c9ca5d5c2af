// Errors a person sees. The code names an i18n key (errors.<code>); never match on message text.

export type FieldErrors = Record<string, { code: string; params?: Record<string, unknown> }>;

export class AppError extends Error {
  constructor(
    public status: number,
    public code: string,
    public params: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

/** A rule of DOMAIN.md refused the action. The message names the rule and its legal basis. */
export class DomainError extends AppError {
  constructor(
    code: string,
    params: Record<string, unknown> = {},
    public field?: string,
  ) {
    super(422, code, params);
  }
}

/** Input did not have the required form; one entry per offending field. */
export class ValidationError extends AppError {
  constructor(public fields: FieldErrors) {
    super(422, 'validation', {});
  }
}

export class NotFound extends AppError {
  constructor() {
    super(404, 'notFound');
  }
}

export class Forbidden extends AppError {
  constructor() {
    super(403, 'forbidden');
  }
}

/** Someone else changed the record first (optimistic lock) or a double submit. */
export class Conflict extends AppError {
  constructor(code = 'conflict') {
    super(409, code);
  }
}

/** Turns a PostgreSQL constraint violation into the rule it protects, or null. */
export function fromDbError(err: unknown): AppError | null {
  const e = findPgError(err);
  if (!e) return null;
  if (e.code === '23505') {
    const map: Record<string, [string, string]> = {
      members_id_number_unique: ['idNumber', 'duplicateIdNumber'],
      households_code_unique: ['code', 'duplicateHouseholdCode'],
      certificates_number_unique: ['number', 'duplicateCertificate'],
      land_contracts_contract_no_unique: ['contractNo', 'duplicateContractNo'],
      parcels_code_active: ['parcels', 'duplicateParcelCode'],
      rights_one_homestead_per_household: ['homestead', 'rule4.secondHomestead'],
      users_username_unique: ['username', 'duplicateUsername'],
      collectives_registration_code_unique: ['registrationCode', 'duplicateRegistrationCode'],
      listings_one_live_per_right: ['right', 'rule11.alreadyListed'],
      deals_listing_id_unique: ['listing', 'rule11.alreadySold'],
      offers_one_active_per_buyer: ['price', 'market.offerExists'],
      deals_one_open_per_right: ['listing', 'rule11.alreadySold'],
      listing_consents_once: ['member', 'market.alreadyConsented'],
    };
    const hit = e.constraint ? map[e.constraint] : undefined;
    if (hit) {
      const [field, code] = hit;
      return code.startsWith('rule') ? new DomainError(code, {}, field) : new ValidationError({ [field]: { code } });
    }
    return new Conflict('duplicate');
  }
  if (e.code === '23514' || e.code === '22001' || e.code === '22003' || e.code === '22007' || e.code === '22P02' || e.code === '22008') {
    return new ValidationError({ _form: { code: 'invalidValue' } });
  }
  if (e.code === '23503') return new ValidationError({ _form: { code: 'unknownReference' } });
  if (e.code === '40001' || e.code === '40P01') return new Conflict('retry');
  return null;
}

function findPgError(err: unknown): { code: string; constraint?: string } | null {
  let cur: unknown = err;
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    const o = cur as { code?: unknown; constraint?: string; cause?: unknown };
    if (typeof o.code === 'string' && /^[0-9A-Z]{5}$/.test(o.code)) return { code: o.code, constraint: o.constraint };
    cur = o.cause;
  }
  return null;
}
