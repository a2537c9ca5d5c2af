import type { PassportStatic } from 'passport';
import type { Logger } from 'pino';
import type { Csrf } from './auth/csrf';
import type { Clock } from '../kernel/clock';
import type { Config } from './config';
import type { Db } from './db';
import type { Reads } from './reads';

/**
 * What the app is built from, handed to every router factory (the one way dependencies travel):
 * the database, the configuration, the logger and the one clock. Tests build the app with a clock
 * they move, instead of back-dating rows or sleeping. `db` is the primary: every write, and every
 * read that must be current. `reads` (none: the primary only) routes the other reads to replicas.
 */
export type Deps = { db: Db; config: Config; logger: Logger; clock: Clock; reads?: Reads };

/**
 * What the routers get besides: the login strategy and the CSRF check createApp built (upload
 * routes check after parsing), and where reads go: `await deps.reads.for(req)` is a replica that
 * has this user's last write, or the primary (server/platform/reads.ts).
 */
export type RouterDeps = Deps & { passport: PassportStatic; csrf: Csrf; reads: Reads };
