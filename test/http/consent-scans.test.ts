import { now } from '../../server/kernel/clock';
import { systemClock } from '../../server/kernel/clock';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { consentScans, listingConsents } from '../../models/market';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/platform/config';
import type { Handle } from '../../server/platform/db';
import { issueCertificate } from '../../server/registry/certificates';
import { createListing } from '../../server/market/listings';
import { moveConsentScansIntoDb } from '../../server/market/scan-move';
import { SCAN_PIECE_BYTES } from '../../server/market/scans';
import { registerShares } from '../../server/registry/rights';
import { freshDb } from '../helpers/db';
import { makeCollective, makeHousehold, makeUser, VILLAGE_B } from '../helpers/factories';
import { loginAs } from '../helpers/http';
import { httpWorld, PDF, uploadScan } from '../helpers/market-http';
import { farmerOf, listed } from '../helpers/market';

// Issue 13 item 10: paper-consent scans (rule 2) are kept in the database, like export files,
// so every instance serves them and every database backup holds them; only those who may see the
// listing get them (rule 12). Files kept by earlier versions move in at start-up.

/** An app instance with an upload folder of its own: two of them share the database, not a disk. */
function instance(h: Handle, uploadDir: string) {
  const config = loadConfig({ NODE_ENV: 'test', PUBLIC_BASE_URL: 'http://localhost:3000', UPLOAD_DIR: uploadDir });
  return createApp({ db: h.db, clock: systemClock, config, logger: pino({ level: 'silent' }) });
}

/** A log that keeps its lines. */
function memoryLog() {
  const lines: { level: string; o: object; msg: string }[] = [];
  const at = (level: string) => (o: object, msg: string) => {
    lines.push({ level, o, msg });
  };
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

describe('Consent scans live in the database (rules 2 and 12, issue 13)', () => {
  let h: Handle;
  let root: string;
  before(async () => {
    h = await freshDb();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sq-scans-'));
  });
  after(async () => {
    await h?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  async function draftWithScan(app: ReturnType<typeof instance>, scan: Buffer) {
    const w = await httpWorld(h.db, app);
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: '20' });
    await issueCertificate(h.db, w.officer, r.id, {}, now());
    const l = await createListing(h.db, w.seller, r.id, listed({ path: 'transfer', askingPriceFen: 100000, shares: 5 }), systemClock.now());
    assert.equal((await uploadScan(w.officerAgent, l.id, w.spouse.id, scan)).status, 302);
    const [consent] = await h.db.select().from(listingConsents).where(eq(listingConsents.listingId, l.id));
    return { w, l, consent };
  }

  it('when an officer uploads a scan through one instance and its upload folder is gone, then a second instance on the same database serves the same bytes', async () => {
    const dirA = path.join(root, 'a');
    const a = instance(h, dirA);
    const b = instance(h, path.join(root, 'b'));
    // Larger than one stored piece, so that it is read back in several.
    const big = Buffer.concat([PDF, Buffer.alloc(SCAN_PIECE_BYTES * 2 + 17, 0x41)]);
    const { w, consent } = await draftWithScan(a, big);
    fs.rmSync(dirA, { recursive: true, force: true });
    assert.equal((await h.db.select().from(consentScans).where(eq(consentScans.consentId, consent.id))).length, 3);

    const officerOnB = await loginAs(b, (await makeUser(h.db, 'officer', { collectiveId: w.c.id })).user.username);
    const res = await officerOnB.get(`/consents/${consent.id}/scan`).expect(200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(Number(res.headers['content-length']), big.length);
    assert.ok(Buffer.compare(res.body as Buffer, big) === 0, 'the same bytes');
  });

  it("when users outside the listing's scope ask for a scan, then they get 404 and no bytes; the collective, its bureau and admins get it (rule 12)", async () => {
    const app = instance(h, path.join(root, 'c'));
    const { w, consent } = await draftWithScan(app, PDF);
    const url = `/consents/${consent.id}/scan`;
    const otherOfficer = await makeUser(h.db, 'officer', { collectiveId: (await makeCollective(h.db, { regionCode: VILLAGE_B })).id });
    const otherBureau = await makeUser(h.db, 'bureau', { regionCode: VILLAGE_B.slice(0, 6) });
    const neighbour = await farmerOf(h.db, await makeHousehold(h.db, w.officer, w.c));
    for (const u of [otherOfficer.user, otherBureau.user, neighbour.user]) {
      const res = await (await loginAs(app, u.username)).get(url);
      assert.equal(res.status, 404, u.username);
      assert.ok(
        !Buffer.from(res.body instanceof Buffer ? res.body : (res.text ?? '')).includes(PDF.subarray(0, 40)),
        'no part of the scan',
      );
    }
    assert.equal((await w.outsiderAgent.get(url)).status, 404);
    const anon = await (await import('supertest')).default(app).get(url);
    assert.match(anon.headers.location ?? '', /^\/login/);
    const bureau = await makeUser(h.db, 'bureau', { regionCode: w.c.regionCode.slice(0, 6) });
    const admin = await makeUser(h.db, 'admin');
    for (const u of [bureau.user, admin.user])
      assert.deepEqual((await (await loginAs(app, u.username)).get(url).expect(200)).body, PDF, u.username);
  });

  it('when files kept by an earlier version are still on disk, then the start-up step moves them into the database and deletes them; a missing one is logged and waits', async () => {
    const app = instance(h, path.join(root, 'd'));
    const { w, consent } = await draftWithScan(app, PDF);
    const second = await draftWithScan(app, PDF);
    // As an earlier version left them: a path on disk, nothing in the database.
    const uploadDir = path.join(root, 'old-uploads');
    fs.mkdirSync(path.join(uploadDir, 'consents'), { recursive: true });
    const kept = path.join(uploadDir, 'consents', '0b9a2c58-0000-4000-8000-000000000001.pdf');
    const scanned = Buffer.concat([PDF, Buffer.from('earlier version')]);
    fs.writeFileSync(kept, scanned);
    const gone = path.join(uploadDir, 'consents', 'lost.pdf');
    for (const [c, p] of [
      [consent, kept],
      [second.consent, gone],
    ] as const) {
      await h.db.delete(consentScans).where(eq(consentScans.consentId, c.id));
      await h.db.update(listingConsents).set({ scanPath: p, scanBytes: null }).where(eq(listingConsents.id, c.id));
    }
    assert.equal((await w.officerAgent.get(`/consents/${consent.id}/scan`)).status, 404, 'not served from the disk');

    const log = memoryLog();
    assert.deepEqual(await moveConsentScansIntoDb(h.db, uploadDir, log), { moved: 1, missing: 1 });
    assert.equal(fs.existsSync(kept), false, 'the file is deleted once it is in the database');
    const [moved] = await h.db.select().from(listingConsents).where(eq(listingConsents.id, consent.id));
    assert.deepEqual([moved.scanPath, moved.scanBytes], [null, scanned.length]);
    assert.deepEqual((await w.officerAgent.get(`/consents/${consent.id}/scan`).expect(200)).body, scanned);
    const warning = log.lines.find((l) => l.level === 'warn');
    assert.ok(
      warning &&
        /not found/.test(warning.msg) &&
        JSON.stringify(warning.o).includes(second.consent.id) &&
        JSON.stringify(warning.o).includes(gone),
      JSON.stringify(log.lines),
    );
    const [waiting] = await h.db.select().from(listingConsents).where(eq(listingConsents.id, second.consent.id));
    assert.deepEqual([waiting.scanPath, waiting.scanBytes], [gone, null], 'kept, to be moved when the file is back');
    const page = await second.w.officerAgent.get(`/listings/${second.l.id}`).expect(200);
    assert.match(page.text, /扫描件文件缺失/);

    // Put back under today's UPLOAD_DIR (a data folder that moved), the next start moves it.
    const moveTo = path.join(root, 'new-uploads');
    fs.mkdirSync(path.join(moveTo, 'consents'), { recursive: true });
    fs.writeFileSync(path.join(moveTo, 'consents', 'lost.pdf'), PDF);
    assert.deepEqual(await moveConsentScansIntoDb(h.db, moveTo, memoryLog()), { moved: 1, missing: 0 });
    assert.deepEqual((await second.w.officerAgent.get(`/consents/${second.consent.id}/scan`).expect(200)).body, PDF);
  });
});
