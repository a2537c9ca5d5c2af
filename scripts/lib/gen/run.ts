import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { hashPassword } from '../../../server/accounts/passwords';
import { openDb, rows, type Db, type Handle } from '../../../server/platform/db';
import { regionPrefix } from '../../../server/kernel/codes';
import { DEMO_PASSWORD } from '../../../server/demo/seed';
import { ensureRegions } from '../../../server/admin/reference';
import { COUNTIES, CITY } from '../../../server/admin/regions-shaoguan';
import { Chain, type Pending } from './chain';
import { emitCollective } from './emit';
import { buildIndexes, dropIndexes, finish } from './finish';
import { makeMarket, UNIT_FEN } from './market';
import { makePlan } from './plan';
import { Rand } from './random';
import { IdNumbers, makeHouseholds, type Counters, type Household } from './registry';
import { blobSink, copySink, type Sink } from './sink';

export type GenOptions = {
  households: number;
  url?: string;
  dataDir?: string;
  force?: boolean;
  seed?: number;
  log?: (s: string) => void;
  today?: Date;
};

const APP_TABLES = [
  'notifications',
  'membership_events',
  'member_decisions',
  'consent_scans',
  'listing_consents',
  'offers',
  'deals',
  'listings',
  'certificates',
  'share_holdings',
  'homesteads',
  'parcels',
  'land_contracts',
  'rights',
  'dividends',
  'api_tokens',
  'sessions',
  'rate_limits',
  'login_failures',
  'personal_reads',
  'job_files',
  'jobs',
  'alerts',
  'alert_settings',
  'reference_prices',
  'audit_log',
  'users',
  'members',
  'households',
  'collective_month_stats',
  'collective_right_stats',
  'collective_stats',
  'stats_dirty',
  'deal_facts',
  'listing_month_stats',
  'collectives',
  'regions',
];

async function emptyOrForced(db: Db, force: boolean): Promise<void> {
  const [n] = await rows<{ h: number; u: number }>(
    db,
    sql`select (select count(*)::int from households) as h, (select count(*)::int from users) as u`,
  );
  if (!n.h && !n.u) return;
  if (!force) throw new Error(`the database is not empty (${n.h} households, ${n.u} accounts); use --force to replace its contents`);
  // Replica role: the audit trail's append-only triggers let this one deliberate wipe through.
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(sql.raw(`truncate ${APP_TABLES.join(', ')}`));
  });
}

/** Opens the database (migrating it), fills it, closes it; returns the rows written per table. */
export async function generate(o: GenOptions): Promise<{ rows: Record<string, number> }> {
  // As the tables' owner (o.url should name it): COPY with the triggers off is not the app's to do.
  const h = await openDb({ url: o.url, dataDir: o.dataDir, as: 'owner' });
  try {
    return await generateInto(h, o);
  } finally {
    await h.close();
  }
}

/** Fills an open database (o.url must name it when it is a PostgreSQL server: COPY needs its own connections). */
export async function generateInto(h: Handle, o: GenOptions): Promise<{ rows: Record<string, number> }> {
  const t0 = Date.now();
  const log = (s: string) => o.log?.(`${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s ${s}`);
  if (h.kind === 'pg' && !o.url) throw new Error('generateInto: the PostgreSQL server needs o.url');
  await emptyOrForced(h.db, !!o.force);
  log('generating');
  await ensureRegions(h.db);
  const dropped = h.kind === 'pg' && o.households >= 2_000 ? await dropIndexes(h.db) : [];
  const sink: Sink = h.kind === 'pg' ? await copySink(o.url!) : blobSink((h.db as unknown as { $client: PGlite }).$client);
  const counters = await write(sink, o, log);
  await sink.end();
  if (dropped.length) {
    log(`building ${dropped.length} indexes`);
    await buildIndexes(o.url!, dropped, log);
  }
  log('sequences, summaries, statistics');
  await finish(h.db, { ...counters, audit: sink.rows.audit_log ?? 0 }, h.kind === 'pg' ? o.url : undefined, log);
  log('done');
  return { rows: sink.rows };
}

async function write(sink: Sink, o: GenOptions, log: (s: string) => void): Promise<Counters> {
  const r = new Rand(o.seed ?? 20_261_128);
  const today = (o.today ?? new Date()).getTime();
  const plan = makePlan(r, o.households);
  const hash = await hashPassword(DEMO_PASSWORD);
  const created = new Date(Date.parse('2018-12-01T01:00:00Z')).toISOString();
  for (const g of plan.regions) sink.row('regions', [g.code, g.name, g.level, g.parentCode]);
  const user = (
    id: string,
    username: string,
    role: string,
    name: string,
    scope: { region?: string; collective?: string; household?: string; member?: string },
  ) =>
    sink.row('users', [
      id,
      username,
      hash,
      role,
      name,
      scope.region ?? null,
      scope.collective ?? null,
      scope.household ?? null,
      scope.member ?? null,
      false,
      created,
    ]);
  const adminId = r.uuid();
  const cityId = r.uuid();
  await user(adminId, 'admin', 'admin', '系统管理员', {});
  await user(cityId, 'bureau_city', 'bureau', `${CITY.name}农业农村局`, { region: CITY.code });
  for (const [code, name] of COUNTIES) await user(r.uuid(), `bureau_${code}`, 'bureau', `${name}农业农村局`, { region: code });
  for (const [kind, fen] of Object.entries(UNIT_FEN)) {
    sink.row('reference_prices', [r.uuid(), CITY.code, regionPrefix(CITY.code), kind, fen, 70, cityId, created]);
  }
  const chain = new Chain(sink);
  const ids = new IdNumbers();
  const counters: Counters = { cert: 0, deal: 0 };
  const pending: Pending[] = [];
  const farmers = new Map<string, string>();
  const pattern = { n: 0 };
  let done = 0;
  for (const c of plan.collectives) {
    await user(c.officerId, c.officerUsername, 'officer', `${c.villageName}经办人`, { collective: c.id });
    const x = { r, c, ids, counters, today };
    const hs = makeHouseholds(x);
    // The collective's total: every allocated share plus a reserve it keeps (集体股).
    const allocated = hs.reduce((s, hh) => s + hh.rights.reduce((a, rt) => a + (rt.shares ?? 0), 0), 0);
    const farmerOf = (hh: Household) => {
      let id = farmers.get(hh.id);
      if (!id) farmers.set(hh.id, (id = r.uuid()));
      return { id, role: 'farmer' };
    };
    const market = makeMarket({ ...x, noticeDays: 10, farmerOf, homesteadBuyers: new Set() }, hs, pattern, pending);
    // Some farmers use their own accounts though they never traded.
    for (const hh of hs) if (r.chance(0.02)) farmerOf(hh);
    await emitCollective(sink, chain, c, Math.ceil(allocated * 1.15), hs, market, pending);
    for (const hh of hs) {
      const id = farmers.get(hh.id);
      const head = hh.members.find((m) => m.relation === 'head')!;
      if (id) await user(id, `farmer_${hh.code}`, 'farmer', hh.headName, { household: hh.id, member: head.id });
    }
    farmers.clear();
    done += hs.length;
    if (c.index % 50 === 49 || c.index === plan.collectives.length - 1)
      log(`  ${done.toLocaleString('en-US')} households, ${chain.seq.toLocaleString('en-US')} trail entries`);
  }
  // The market came after the registration drive: its entries close the chain, in time order.
  pending.sort((a, b) => a.at - b.at);
  for (let i = 0; i < pending.length; i++) {
    chain.add(pending[i].at, pending[i].actor, pending[i].e);
    if (i % 1000 === 999) await sink.drain();
  }
  log(`  ${chain.seq.toLocaleString('en-US')} trail entries in all`);
  return counters;
}
