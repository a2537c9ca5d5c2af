import { now } from '../../server/kernel/clock';
import { systemClock } from '../../server/kernel/clock';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Express } from 'express';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { members } from '../../models/households';
import { listingConsents } from '../../models/market';
import { backupPg } from '../../scripts/lib/backup-pg';
import { restorePg } from '../../scripts/lib/backup-pg-restore';
import { backupPglite } from '../../scripts/lib/backup-pglite';
import { restorePglite } from '../../scripts/lib/backup-pglite-restore';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/platform/config';
import { openDb, type Handle } from '../../server/platform/db';
import { issueCertificate } from '../../server/registry/certificates';
import { createListing } from '../../server/market/listings';
import { registerShares } from '../../server/registry/rights';
import { freshDataDir, freshDb } from '../helpers/db';
import { makeHousehold, makeUser } from '../helpers/factories';
import { loginAs } from '../helpers/http';
import { httpWorld, PDF, uploadScan } from '../helpers/market-http';
import { listed } from '../helpers/market';
import { startServer } from '../helpers/spawn-server';

// Issue 13 item 10: a consent scan is part of the database, so a backup of the database holds
// it and a restore on another machine (none of the old disk) serves it; and the start-up step
// that moves scans kept as files by earlier versions never stops the start.

function instance(h: Handle, uploadDir: string): Express {
  const config = loadConfig({ NODE_ENV: 'test', PUBLIC_BASE_URL: 'http://localhost:3000', UPLOAD_DIR: uploadDir });
  return createApp({ db: h.db, clock: systemClock, config, logger: pino({ level: 'silent' }) });
}

/** A draft listing with the spouse's paper consent uploaded through the app; returns what to ask for afterwards. */
async function scannedConsent(h: Handle, app: Express, scan: Buffer) {
  const w = await httpWorld(h.db, app);
  const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: '20' });
  await issueCertificate(h.db, w.officer, r.id, {}, now());
  const l = await createListing(h.db, w.seller, r.id, listed({ path: 'transfer', askingPriceFen: 100000, shares: 5 }), systemClock.now());
  assert.equal((await uploadScan(w.officerAgent, l.id, w.spouse.id, scan)).status, 302);
  const [consent] = await h.db.select().from(listingConsents).where(eq(listingConsents.listingId, l.id));
  const { user } = await makeUser(h.db, 'officer', { collectiveId: w.c.id });
  return { w, consent, officer: user.username };
}

describe('Consent scans in backups, and the start that moves old scan files (issue 13)', function () {
  this.timeout(240_000);
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sq-scan-backup-'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('when the app starts on a DATA_DIR whose older scans are files (one missing), then it starts, moves the other, logs the missing one; restored from a backup elsewhere, it serves every scan', async () => {
    const dataDir = path.join(root, 'data');
    const uploads = path.join(root, 'uploads');
    const h = await freshDataDir(dataDir);
    const scan = Buffer.concat([PDF, randomBytes(300)]);
    const { w, consent, officer } = await scannedConsent(h, instance(h, uploads), scan);
    // Two consents as an earlier version left them: a file under UPLOAD_DIR, and a file that is gone.
    const oldScan = Buffer.concat([PDF, Buffer.from('kept by an earlier version')]);
    const older = path.join(uploads, 'consents', 'older.pdf');
    fs.mkdirSync(path.dirname(older), { recursive: true });
    fs.writeFileSync(older, oldScan);
    const [first, second] = [await makeHousehold(h.db, w.officer, w.c), await makeHousehold(h.db, w.officer, w.c)];
    const legacy = [];
    for (const [hh, file] of [
      [first, older],
      [second, path.join(uploads, 'consents', 'lost.pdf')],
    ] as const) {
      const r = await registerShares(h.db, w.officer, hh.id, { shares: '10' });
      const seller = await makeUser(h.db, 'farmer', { householdId: hh.id });
      const l = await createListing(
        h.db,
        seller.actor,
        r.id,
        listed({ path: 'transfer', askingPriceFen: 50000, shares: 5 }),
        systemClock.now(),
      );
      const [member] = await h.db
        .select({ id: members.id })
        .from(members)
        .where(and(eq(members.householdId, hh.id), eq(members.relation, 'spouse')));
      const [row] = await h.db
        .insert(listingConsents)
        .values({
          listingId: l.id,
          memberId: member.id,
          method: 'paper',
          recordedBy: w.officer.id,
          scanPath: file,
          scanMime: 'application/pdf',
        })
        .returning();
      legacy.push(row);
    }
    await h.close();

    const app = await startServer({ DATA_DIR: dataDir, DATABASE_URL: '', UPLOAD_DIR: uploads });
    try {
      assert.match(app.output(), /consent scan file not found/);
      assert.ok(app.output().includes(legacy[1].id));
    } finally {
      await app.kill('SIGTERM');
    }
    assert.equal(fs.existsSync(older), false, 'moved into the database, then deleted');

    const file = path.join(root, 'data.sqbak');
    await backupPglite({ dataDir, out: file });
    const elsewhere = path.join(root, 'restored');
    await restorePglite({ file, dataDir: elsewhere });
    // Another machine: none of the old folders.
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(uploads, { recursive: true, force: true });
    const restored = await openDb({ dataDir: elsewhere });
    try {
      const agent = await loginAs(instance(restored, path.join(root, 'none')), officer);
      assert.deepEqual((await agent.get(`/consents/${consent.id}/scan`).expect(200)).body, scan);
      assert.deepEqual((await agent.get(`/consents/${legacy[0].id}/scan`).expect(200)).body, oldScan);
      assert.equal((await agent.get(`/consents/${legacy[1].id}/scan`)).status, 404);
    } finally {
      await restored.close();
    }
  });

  if (process.env.DATABASE_URL) {
    it('when a PostgreSQL database with a scan is backed up (pg_dump) and restored into another database, then an instance there, without the old upload folder, serves it', async () => {
      const src = await freshDb();
      const uploads = path.join(root, 'pg-uploads');
      const dst = `sq_scan_dst_${randomBytes(4).toString('hex')}`;
      const dstUrl = Object.assign(new URL(src.url!), { pathname: `/${dst}` }).toString();
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      try {
        const scan = Buffer.concat([PDF, randomBytes(300)]);
        const { consent, officer } = await scannedConsent(src, instance(src, uploads), scan);
        const file = path.join(root, 'pg.sqbak');
        await backupPg({ url: src.url!, out: file });
        fs.rmSync(uploads, { recursive: true, force: true });
        await admin.query(`create database ${dst}`);
        await restorePg({ file, url: dstUrl });
        const restored = await openDb({ url: dstUrl });
        try {
          const agent = await loginAs(instance(restored, path.join(root, 'none')), officer);
          assert.deepEqual((await agent.get(`/consents/${consent.id}/scan`).expect(200)).body, scan);
        } finally {
          await restored.close();
        }
      } finally {
        await src.close();
        await admin.query(`drop database if exists ${dst} with (force)`);
        await admin.end();
      }
    });
  }
});
