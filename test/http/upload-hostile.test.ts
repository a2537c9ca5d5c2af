import { now } from '../../server/kernel/clock';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { jobs } from '../../models/audit';
import { listingConsents } from '../../models/market';
import type { Handle } from '../../server/platform/db';
import { assertSafeZip, MAX_RATIO } from '../../server/platform/files/zip-guard';
import { ValidationError } from '../../server/kernel/errors';
import { freshDb } from '../helpers/db';
import { changedTables, fingerprint } from '../helpers/db-fingerprint';
import { makeCollective, makeUser } from '../helpers/factories';
import { testClock } from '../helpers/clock';
import { loginAs, testApp, type Agent } from '../helpers/http';
import { httpWorld, PDF, uploadScan } from '../helpers/market-http';
import { listed } from '../helpers/market';
import { zipOf } from './hostile-pages';
import { craftZip, workbookParts } from '../helpers/crafted-zip';
import { registerShares } from '../../server/registry/rights';
import { issueCertificate } from '../../server/registry/certificates';
import { createListing } from '../../server/market/listings';

// Uploads under attack. The register import takes XLSX (a zip) and CSV: a zip bomb, a zip that
// lies about its sizes and one that declares too much are refused before the spreadsheet reader
// runs, at once, with no job started; so is one hiding an entry its central directory does not
// list (the reader unpacks only listed entries: test/unit/xlsx-zip-reading.test.ts). Wrong types,
// oversize files and formulas are covered in import-refusals.test.ts and market-flow.test.ts;
// exports' formula neutralising in import-export.
// Consent scans: markup under a PDF name is refused, and a hostile file name never reaches the disk.

/** A zip whose one entry claims `claimed` bytes unpacked (central directory and local header). */
function lyingZip(content: Buffer, claimed: number): Buffer {
  const z = zipOf('xl/worksheets/sheet1.xml', content);
  z.writeUInt32LE(claimed, 22);
  const cd = z.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  z.writeUInt32LE(claimed, cd + 24);
  return z;
}

/** The start of a sheet that an XLSX reader would hold in memory as one cell: a bomb in earnest. */
const bombSheet = (mb: number) =>
  Buffer.concat([Buffer.from('<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'), Buffer.alloc(mb * 1024 * 1024, 0x41)]);

describe('Hostile uploads: zip bombs refused before parsing, scans checked by content, names never trusted', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  let officer: Agent;
  const clock = testClock();
  before(async () => {
    h = await freshDb();
    app = testApp(h.db, {}, clock);
    const c = await makeCollective(h.db);
    officer = await loginAs(app, (await makeUser(h.db, 'officer', { collectiveId: c.id })).user.username);
  });
  after(async () => {
    await h.close();
  });

  const upload = async (name: string, bytes: Buffer) =>
    officer
      .post('/imports')
      .field('_csrf', await officer.csrf())
      .attach('file', bytes, name);

  it('when a real workbook is checked, then the guard lets it through; when an archive unpacks far beyond its size, then it is refused', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('成员');
    for (let i = 0; i < 2000; i++) ws.addRow([`44020510020100${String(i).padStart(4, '0')}`, `姓名${i}`, '户主']);
    await assertSafeZip(Buffer.from(await wb.xlsx.writeBuffer()));
    const refusedAs = (e: unknown) => e instanceof ValidationError && e.fields.file.code === 'upload.unpacked';
    await assert.rejects(assertSafeZip(zipOf('a.xml', bombSheet(64))), refusedAs, `ratio above ${MAX_RATIO}:1`);
    await assert.rejects(assertSafeZip(lyingZip(bombSheet(8), 4096)), refusedAs, 'unpacks to more than it declares');
    await assert.rejects(assertSafeZip(lyingZip(Buffer.from('<x/>'), 900 * 1024 * 1024)), refusedAs, 'declares more than the limit');
  });

  for (const [what, file] of [
    ['a zip bomb (200 MB of one cell in 200 KB)', () => zipOf('xl/worksheets/sheet1.xml', bombSheet(200))],
    ['an archive that hides 40 MB behind a declared 4 KB', () => lyingZip(bombSheet(40), 4096)],
  ] as const) {
    it(`when an officer uploads ${what} as .xlsx, then it is refused at once with the reason, no job starts and nothing changes`, async () => {
      const bytes = file();
      const before = await fingerprint(h.db);
      const t0 = Date.now();
      const res = await upload('register.xlsx', bytes);
      assert.equal(res.status, 422);
      assert.match(res.text, /文件解压后过大（超过 400 MB）或压缩比异常/);
      assert.ok(Date.now() - t0 < 20_000, 'refused without unpacking it all into memory');
      assert.deepEqual(changedTables(before, await fingerprint(h.db)), []);
      assert.equal((await h.db.select().from(jobs)).length, 0);
    });
  }

  it('when an officer uploads an .xlsx that hides an entry outside its central directory, then it is refused at once with the reason, no job starts and nothing changes', async () => {
    const parts = workbookParts([
      ['承包方编码', '姓名'],
      ['44020510020100001', '张三'],
    ]);
    const bytes = craftZip([parts[0], { name: 'xl/worksheets/sheet9.xml', data: bombSheet(64), hidden: true }, ...parts.slice(1)]);
    const before = await fingerprint(h.db);
    const res = await upload('register.xlsx', bytes);
    assert.equal(res.status, 422);
    assert.match(res.text, /文件结构异常：含有目录之外的数据/);
    assert.deepEqual(changedTables(before, await fingerprint(h.db)), []);
    assert.equal((await h.db.select().from(jobs)).length, 0);
  });

  it('when a consent scan is markup under a PDF name, or a PDF under a hostile name, then the first is refused and the second is stored without its name, in the database', async () => {
    const w = await httpWorld(h.db, app);
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: '20' });
    await issueCertificate(h.db, w.officer, r.id, {}, now());
    const l = await createListing(h.db, w.seller, r.id, listed({ path: 'transfer', askingPriceFen: 100000, shares: 5 }), clock.now());
    const html = await uploadScan(
      w.officerAgent,
      l.id,
      w.spouse.id,
      Buffer.from('<html><script>sqx(1)</script></html>'),
      'consent.pdf',
      'application/pdf',
    );
    assert.equal(html.status, 422);
    assert.match(html.text, /只接受 PDF, JPEG, PNG 文件/);
    assert.equal((await h.db.select().from(listingConsents).where(eq(listingConsents.listingId, l.id))).length, 0);
    const ok = await uploadScan(w.officerAgent, l.id, w.spouse.id, PDF, '../../../../etc/cron.d/x.pdf');
    assert.equal(ok.status, 302);
    const [row] = await h.db.select().from(listingConsents).where(eq(listingConsents.listingId, l.id));
    assert.deepEqual(
      [row.scanPath, row.scanBytes, row.scanMime],
      [null, PDF.length, 'application/pdf'],
      'no file, no name: bytes in the database',
    );
    const served = await w.officerAgent.get(`/consents/${row.id}/scan`).expect(200);
    assert.equal(served.headers['content-type'], 'application/pdf');
    assert.equal(served.headers['x-content-type-options'], 'nosniff');
    assert.equal(served.headers['cache-control'], 'no-store');
    assert.deepEqual(served.body, PDF);
  });
});
