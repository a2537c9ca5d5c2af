import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Db } from './db-types';

// The app runs as a database role that does not own the tables. The owner (DATABASE_OWNER_URL,
// or the embedded database's superuser) migrates and grants; the app may read and write the
// registry, but the audit trail only read and append: no UPDATE, DELETE or TRUNCATE, and, not
// owning it, no ALTER TABLE ... DISABLE TRIGGER either. So a flaw in the app (or a stolen app
// password) cannot quietly rewrite or cut the trail.

/** The role the embedded database's app session switches to after migrating. */
export const EMBEDDED_APP_ROLE = 'sanquan_app';

/**
 * Exactly what the app needs, and no more; applied after every migration (new tables included),
 * in one transaction, so that an instance already serving never sees the moment between the
 * revoke and the grant.
 */
export function grantStatements(role: string): string[] {
  const r = pg.escapeIdentifier(role);
  return [
    'begin',
    `grant usage on schema public to ${r}`,
    `revoke all on all tables in schema public from ${r}`,
    `grant select, insert, update, delete on all tables in schema public to ${r}`,
    // The trail: read and append, nothing else.
    `revoke update, delete, truncate, references, trigger on audit_log from ${r}`,
    // The 成员名册 and the members' decisions: recorded, never changed or deleted (集体经济组织法 §12, §57).
    `revoke update, delete, truncate on membership_events, member_decisions from ${r}`,
    `revoke all on all sequences in schema public from ${r}`,
    `grant usage, select on all sequences in schema public to ${r}`,
    `grant execute on function analyze_registry() to ${r}`,
    'commit',
  ];
}

/** On the embedded database: the app's role, made once; the session then runs as it (SET ROLE). */
export function embeddedRoleStatements(): string[] {
  return [
    `do $$ begin if not exists (select 1 from pg_roles where rolname = '${EMBEDDED_APP_ROLE}') then create role ${EMBEDDED_APP_ROLE} nologin; end if; end $$`,
    ...grantStatements(EMBEDDED_APP_ROLE),
  ];
}

/**
 * What lets the role these queries run as alter the trail, if anything: being a superuser,
 * owning the table (or being able to become its owner), or holding UPDATE, DELETE or TRUNCATE.
 * Empty: the role can only read and append.
 */
export async function trailExposure(db: Db): Promise<{ role: string; reasons: string[] }> {
  const r = (
    (await db.execute(sql`
    select current_user as role, r.rolsuper as super, pg_has_role(current_user, c.relowner, 'MEMBER') as owner,
      has_table_privilege('public.audit_log', 'UPDATE') or has_table_privilege('public.audit_log', 'DELETE')
        or has_table_privilege('public.audit_log', 'TRUNCATE') as writable
    from pg_roles r, pg_class c where r.rolname = current_user and c.oid = 'public.audit_log'::regclass`)) as unknown as {
      rows: { role: string; super: boolean; owner: boolean; writable: boolean }[];
    }
  ).rows[0];
  const reasons = [r.super && 'superuser', r.owner && 'owner of audit_log', r.writable && 'may update or delete audit_log'].filter(
    (x): x is string => !!x,
  );
  return { role: r.role, reasons };
}
