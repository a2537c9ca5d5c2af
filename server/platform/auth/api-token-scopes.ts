import type { TokenScope } from '../../../models/accounts';

// What an API token may do beyond its account's role and scope (which still decide the records):
// `read` for GET and HEAD, `write` for every other method. The check is by method, in one
// middleware before every /api/v1 route (routes/api/auth.ts), so a new route cannot skip it.
// A token limited further later (a farmer's personal token, issue 18) adds a scope name to
// TOKEN_SCOPES and its condition here; the farmer's own household is already the account's scope.

/** The admin's choice on the form, as scopes: read-only (statistics, reports) or read and write (imports). */
export const TOKEN_ACCESS = { read: ['read'], write: ['read', 'write'] } as const satisfies Record<string, readonly TokenScope[]>;
export type TokenAccess = keyof typeof TOKEN_ACCESS;

/** A token is valid this long unless the admin picks another date, or says explicitly that it never expires. */
export const DEFAULT_TOKEN_DAYS = 90;

export function scopeNeeded(method: string): TokenScope {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS' ? 'read' : 'write';
}

export function tokenAllows(scopes: readonly string[], method: string): boolean {
  return scopes.includes(scopeNeeded(method));
}
