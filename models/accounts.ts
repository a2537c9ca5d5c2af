import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, id } from './common';
import { households, members } from './households';
import { collectives, regions } from './regions';

export const ROLES = ['admin', 'bureau', 'officer', 'farmer'] as const;
export type Role = (typeof ROLES)[number];

export const users = pgTable(
  'users',
  {
    id: id(),
    username: varchar('username', { length: 64 }).notNull().unique(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    displayName: text('display_name').notNull(),
    regionCode: varchar('region_code', { length: 12 }).references(() => regions.code),
    collectiveId: uuid('collective_id').references(() => collectives.id),
    householdId: uuid('household_id').references(() => households.id),
    memberId: uuid('member_id').references(() => members.id),
    mustChangePassword: boolean('must_change_password').notNull().default(true),
    active: boolean('active').notNull().default(true),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    // A farmer's mainland mobile number (11 digits): where the activation code is sent by SMS.
    phone: varchar('phone', { length: 11 }),
    // Rule 2: a farmer account opened by an officer has no password anyone knows until the
    // farmer sets one with an activation code (server/accounts/activation.ts).
    awaitingActivation: boolean('awaiting_activation').notNull().default(false),
    // Who opened the account (null for seeded and generated accounts): the coercion alert reads it.
    createdBy: uuid('created_by'),
    // Sessions that began before this moment are over (a password change or reset, a deactivation):
    // checked on every request, so a session row saved again by a request in flight cannot revive one.
    sessionsEndedAt: timestamp('sessions_ended_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    // Each role carries exactly the scope it is checked against (rule 12).
    check(
      'users_scope',
      sql`(role = 'admin')
    or (role = 'bureau' and region_code is not null)
    or (role = 'officer' and collective_id is not null)
    or (role = 'farmer' and household_id is not null)`,
    ),
    index('users_household_idx').on(t.householdId),
    index('users_phone_idx').on(t.phone).where(sql`phone is not null`),
    check('users_phone_mobile', sql`phone is null or phone ~ '^1[3-9][0-9]{9}$'`),
  ],
);

/**
 * What a token may do, on top of what its account may do (the account's role and scope still
 * decide which records): read = GET, write = every other method. A token limited further
 * (e.g. a farmer's personal token) adds a scope name here and its check in api-token-scopes.ts.
 */
export const TOKEN_SCOPES = ['read', 'write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

// Bearer tokens for /api/v1, issued by an admin. Only a SHA-256 of the token is kept.
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    tokenHash: varchar('token_hash', { length: 64 }).notNull().unique(),
    // Least privilege for a row written without scopes; the admin's form always chooses them.
    scopes: text('scopes').array().$type<TokenScope[]>().notNull().default(sql`'{read}'::text[]`),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  () => [
    // A new scope name is added here and in TOKEN_SCOPES together (a migration).
    check('api_tokens_scopes', sql`cardinality(scopes) > 0 and scopes <@ array['read', 'write']::text[]`),
  ],
);

// express-session rows: no state in process memory, so several instances share sessions.
export const sessions = pgTable(
  'sessions',
  {
    sid: varchar('sid', { length: 128 }).primaryKey(),
    sess: jsonb('sess').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_expires_idx').on(t.expiresAt)],
);

// Counters for rate limits (login throttling), shared by all instances.
export const rateLimits = pgTable('rate_limits', {
  key: varchar('key', { length: 200 }).primaryKey(),
  hits: integer('hits').notNull(),
  resetAt: timestamp('reset_at', { withTimezone: true }).notNull(),
});

// Failed logins, counted per account and source (address or known device), per account and per
// address, shared by all instances (server/platform/auth/login-throttle.ts). `name` is the login name as
// typed (lower case), whether or not such an account exists, so an unknown name behaves alike.
export const LOGIN_COUNTERS = ['pair', 'account', 'address'] as const;
export const loginFailures = pgTable(
  'login_failures',
  {
    kind: text('kind', { enum: LOGIN_COUNTERS }).notNull(),
    name: varchar('name', { length: 64 }).notNull().default(''),
    source: varchar('source', { length: 80 }).notNull().default(''),
    failures: integer('failures').notNull(),
    lastFailedAt: timestamp('last_failed_at', { withTimezone: true }).notNull(),
    waitUntil: timestamp('wait_until', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.name, t.source] }),
    check('login_failures_kind', sql`kind in ('pair', 'account', 'address')`),
    // Stuffing: how many names one address failed on lately.
    index('login_failures_source_idx').on(t.source, t.lastFailedAt),
  ],
);
