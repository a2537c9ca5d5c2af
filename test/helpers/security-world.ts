import { householdEventDocuments, householdEvents } from '../../models/household-life';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Express } from 'express';
import { apiTokens } from '../../models/accounts';
import { certificates } from '../../models/certificates';
import { jobFiles, jobs } from '../../models/audit';
import { createJob, finishJob } from '../../server/platform/jobs';
import { runReport } from '../../server/oversight/report-jobs';
import { resolveNode } from '../../server/oversight/scope';
import { listingConsents } from '../../models/market';
import { alerts } from '../../models/oversight';
import { parcels } from '../../models/rights';
import { hashToken } from '../../server/accounts/api-tokens';
import type { Db } from '../../server/platform/db';
import type { Actor } from '../../server/kernel/actor';
import { issueCertificate } from '../../server/registry/certificates';
import { listMembers } from '../../server/registry/households';
import { chooseOffer } from '../../server/market/award';
import { recordPaperConsent } from '../../server/market/consents';
import { createListing } from '../../server/market/listings';
import { makeOffer } from '../../server/market/offers';
import { registerHomestead, registerLand, registerShares } from '../../server/registry/rights';
import { homesteadInput, landInput, makeCollective, makeHousehold, makeUser, VILLAGE_A, VILLAGE_B } from './factories';
import { loginAs, type Agent } from './http';
import { afterNotice, farmerOf, listed, PAPER, publish } from './market';

// One world for the route-table tests (access matrix, CSRF, hostile input): two collectives in
// two counties, one of each role, and in each collective the records every route points at —
// a household, its members, a right of each kind with certificates, a listing open for offers
// with an offer, a draft listing with a scanned paper consent, a deal, an alert, an import
// job, a register export and an annual report. "own" is inside the acting farmer's, officer's and bureau's scope; "other" is outside.

export const ROLES = ['anon', 'farmer', 'officer', 'bureau', 'admin'] as const;
export type RoleName = (typeof ROLES)[number];

async function side(db: Db, village: string, now: Date) {
  const c = await makeCollective(db, { regionCode: village, totalShares: 1000 });
  const officer = await makeUser(db, 'officer', { collectiveId: c.id });
  const o = officer.actor;
  const hh = await makeHousehold(db, o, c);
  const farmer = await farmerOf(db, hh);
  const members = await listMembers(db, hh.id);
  const spouse = members.find((m) => m.relation === 'spouse')!;
  const buyerHh = await makeHousehold(db, o, c);
  const buyer = await farmerOf(db, buyerHh);
  const land = await registerLand(db, o, hh.id, landInput(c), now);
  const landCert = await issueCertificate(db, o, land.id, {}, now);
  const shares = await registerShares(db, o, hh.id, { shares: '30' });
  await issueCertificate(db, o, shares.id, {}, now);
  const homestead = await registerHomestead(db, o, hh.id, homesteadInput(c));
  await issueCertificate(db, o, homestead.id, {}, now);
  const w = { officer: o, seller: farmer.actor };
  // Open for offers: the shares, 10 of 30, with one offer of the buyer.
  const open = await publish(db, w, shares.id, { path: 'transfer', askingPriceFen: 100000, shares: 10 }, now);
  const offer = await makeOffer(db, buyer.actor, open.id, { priceFen: 120000 }, now);
  // In a deal: the homestead, sold to the buyer after the notice period.
  const sold = await publish(db, w, homestead.id, { path: 'transfer', askingPriceFen: 5000000 }, now);
  const dealOffer = await makeOffer(db, buyer.actor, sold.id, { priceFen: 5000000 }, now);
  const deal = await chooseOffer(db, farmer.actor, sold.id, { offerId: dealOffer.id }, afterNotice(now));
  // A draft on a second land right, with the spouse's consent on (scanned) paper.
  const land2 = await registerLand(db, o, hh.id, landInput(c), now);
  await issueCertificate(db, o, land2.id, {}, now);
  const parcelIds = (await db.select({ id: parcels.id }).from(parcels).where(eq(parcels.rightId, land2.id))).map((p) => p.id);
  const draft = await createListing(db, farmer.actor, land2.id, listed({ path: 'transfer', askingPriceFen: 800000, parcelIds }), now);
  await recordPaperConsent(db, o, draft.id, { memberId: spouse.id, scan: PAPER }, now);
  const [consent] = await db.select().from(listingConsents).where(eq(listingConsents.listingId, draft.id));
  const [alert] = await db
    .insert(alerts)
    .values({
      kind: 'lowPrice',
      subjectKey: `t-${randomBytes(4).toString('hex')}`,
      regionCode: c.regionCode,
      collectiveId: c.id,
      listingId: open.id,
      link: `/listings/${open.id}`,
      occurredAt: new Date(),
    })
    .returning();
  const [job] = await db
    .insert(jobs)
    .values({
      kind: 'import',
      userId: o.id,
      collectiveId: c.id,
      status: 'succeeded',
      result: { phase: 'done', fileName: 'x.csv', format: 'csv' },
    })
    .returning();
  // A finished NY/T 2539 dry run with nothing to write (issue 17).
  const [nytJob] = await db
    .insert(jobs)
    .values({
      kind: 'nyt2539',
      userId: o.id,
      collectiveId: c.id,
      status: 'succeeded',
      finishedAt: new Date(),
      result: { phase: 'done', fileName: 'x.zip', mode: 'check', collectives: [], at: new Date().toISOString() },
    })
    .returning();
  // A finished register export with its file, and a finished annual report of the collective (issue 7).
  const [exportJob] = await db
    .insert(jobs)
    .values({
      kind: 'export',
      userId: o.id,
      collectiveId: c.id,
      status: 'succeeded',
      finishedAt: new Date(),
      result: { format: 'csv', fileName: 'x.csv', asciiName: 'x.csv', bytes: 3, chunks: 1, at: new Date().toISOString() },
    })
    .returning();
  await db.insert(jobFiles).values({ jobId: exportJob.id, seq: 0, bytes: Buffer.from('a,b') });
  // A finished certificate batch of the collective (issue 18 item 9).
  const [batchJob] = await db
    .insert(jobs)
    .values({
      kind: 'certificates',
      userId: o.id,
      collectiveId: c.id,
      status: 'succeeded',
      finishedAt: new Date(),
      result: { issued: 1, skipped: 0, certificateIds: [landCert.id], at: new Date().toISOString() },
    })
    .returning();
  const node = await resolveNode(db, { ...o, role: 'admin' }, { collective: c.id });
  const reportJob = await createJob(db, { kind: 'report', userId: o.id, collectiveId: c.id, result: { year: '2026', node } });
  await runReport(db, reportJob.id, { year: '2026', node });
  // A household's life (issue 16): an extension job and an event's scan.
  // Finished, as the world's other jobs: a job left running would make every "nothing changed"
  // fingerprint wait for it (test/helpers/db-fingerprint.ts).
  const extensionJob = await createJob(db, { kind: 'extension', userId: o.id, collectiveId: c.id, result: { phase: 'checking' } });
  await finishJob(db, extensionJob.id, {
    status: 'succeeded',
    done: 0,
    total: 0,
    result: { phase: 'done', extended: 0, skipped: 0, certificates: [] },
  });
  const [lifeEvent] = await db
    .insert(householdEvents)
    .values({
      kind: 'marriage_out',
      householdId: hh.id,
      collectiveId: c.id,
      regionCode: c.regionCode,
      occurredOn: '2026-01-01',
      details: {},
      recordedAt: now,
    })
    .returning();
  const [lifeDoc] = await db
    .insert(householdEventDocuments)
    .values({
      eventId: lifeEvent.id,
      name: 'x.pdf',
      mime: PAPER.mime,
      size: PAPER.bytes.length,
      sha256: '0'.repeat(64),
      bytes: PAPER.bytes,
    })
    .returning();
  const [cert] = await db.select().from(certificates).where(eq(certificates.id, landCert.id));
  return {
    extensionJob,
    lifeDoc,
    c,
    officer,
    hh,
    farmer,
    buyer,
    buyerHh,
    spouse,
    head: members.find((m) => m.relation === 'head')!,
    land,
    landCert: cert,
    shares,
    homestead,
    open,
    offer,
    deal,
    draft,
    consent,
    alert,
    job,
    nytJob,
    exportJob,
    reportJob,
    batchJob,
  };
}

export type Side = Awaited<ReturnType<typeof side>>;

/** `now`: the time of the app the tests run against (the machine's, unless a test passes its clock's). */
export async function securityWorld(db: Db, now: Date = new Date()) {
  const own = await side(db, VILLAGE_A, now);
  const other = await side(db, VILLAGE_B, now);
  const bureau = await makeUser(db, 'bureau', { regionCode: VILLAGE_A.slice(0, 6) });
  const admin = await makeUser(db, 'admin');
  // Accounts the admin routes act on, so that no agent of the matrix is changed under it.
  const spare = await makeUser(db, 'officer', { collectiveId: own.c.id });
  const users = { farmer: own.farmer.user, officer: own.officer.user, bureau: bureau.user, admin: admin.user };
  const actors: Record<Exclude<RoleName, 'anon'>, Actor> = {
    farmer: own.farmer.actor,
    officer: own.officer.actor,
    bureau: bureau.actor,
    admin: admin.actor,
  };
  // Read-write API tokens for each role. Admins issue none to farmers (api-tokens.ts); the farmer's is put
  // in directly to show that the API would still hold a farmer to their household.
  const tokens = {} as Record<Exclude<RoleName, 'anon'>, string>;
  for (const [role, u] of Object.entries(users) as [Exclude<RoleName, 'anon'>, { id: string }][]) {
    tokens[role] = randomBytes(32).toString('base64url');
    await db.insert(apiTokens).values({
      userId: u.id,
      name: `matrix ${role}`,
      tokenHash: hashToken(tokens[role]),
      scopes: ['read', 'write'],
      createdBy: admin.user.id,
    });
  }
  const [spareToken] = await db
    .insert(apiTokens)
    .values({ userId: spare.user.id, name: 'spare', tokenHash: hashToken(randomBytes(32).toString('base64url')), createdBy: admin.user.id })
    .returning();
  return { own, other, bureau, admin, spare: spare.user, spareToken, users, actors, tokens };
}

export type SecurityWorld = Awaited<ReturnType<typeof securityWorld>>;

/** One logged-in agent per role (anonymous: a plain agent that has fetched the login page). */
export async function roleAgents(app: Express, w: SecurityWorld): Promise<Record<RoleName, Agent>> {
  const { default: request } = await import('supertest');
  const anon = request.agent(app) as Agent;
  anon.csrf = async () => /name="_csrf" value="([^"]+)"/.exec((await anon.get('/login')).text)![1];
  return {
    anon,
    farmer: await loginAs(app, w.users.farmer.username),
    officer: await loginAs(app, w.users.officer.username),
    bureau: await loginAs(app, w.users.bureau.username),
    admin: await loginAs(app, w.users.admin.username),
  };
}
