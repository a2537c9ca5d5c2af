import { now } from '../../server/kernel/clock';
import assert from 'node:assert/strict';
import { maskIdNumber } from '../../server/kernel/personal-data';
import { parse as parseCsv } from 'csv-parse/sync';
import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { jobs } from '../../models/audit';
import { households, members } from '../../models/households';
import type { Handle } from '../../server/platform/db';
import { verifyChain } from '../../server/kernel/audit';
import { issueCertificate } from '../../server/registry/certificates';
import { getCollective } from '../../server/registry/collectives';
import { registerOf, writeRegister } from '../../server/registry/export';
import { registerHomestead, registerLand, registerShares } from '../../server/registry/rights';
import { freshDb } from '../helpers/db';
import { homesteadInput, idNumber, landInput, makeCollective, makeHousehold, makeUser, VILLAGE_B } from '../helpers/factories';
import { loginAs, testApp, officerSession } from '../helpers/http';
import { binary, csvFile, finished, householdCsvRows, upload, xlsxFile } from '../helpers/import-files';

describe("Officer imports households, members and rights (registry: officer's daily work)", () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  before(async () => {
    h = await freshDb();
    app = testApp(h.db);
  });
  after(async () => {
    await h.close();
  });

  const setup = () => officerSession(app, h.db, { totalShares: 1000 });

  it('when an officer uploads a valid CSV, then the job finishes and every household, member, right and trail entry is in the database (rule 13)', async () => {
    const { c, prefix, agent } = await setup();
    const a = householdCsvRows(prefix),
      b = householdCsvRows(prefix);
    const res = await upload(agent, '龙岗村导入.csv', csvFile([...a.rows, ...b.rows]));
    assert.equal(res.status, 303);
    assert.match(res.headers.location, /^\/imports\/[0-9a-f-]{36}$/);
    const page = await finished(agent, res.headers.location);
    assert.ok(page.includes('导入成功'), page);
    assert.ok(page.includes('龙岗村导入.csv'));
    const hs = await h.db.select().from(households).where(eq(households.collectiveId, c.id));
    assert.deepEqual(hs.map((x) => x.code).sort(), [a.code, b.code].sort());
    const ha = hs.find((x) => x.code === a.code)!;
    assert.deepEqual([ha.headName, ha.phone, ha.hukouStatus], [a.rows[0].姓名, '13800138000', 'rural']);
    const ms = await h.db.select().from(members).where(eq(members.householdId, ha.id));
    const spouse = ms.find((m) => m.relation === 'spouse')!;
    assert.deepEqual(
      [spouse.idNumber, spouse.sex, spouse.birthDate, spouse.hukouStatus, spouse.settledOn, spouse.settledCity],
      [a.ids[1], 'F', '1977-07-08', 'settled_city', '2019-05-01', '广州市'],
    );
    const rights = (
      (await h.db.execute(
        sql`select kind, count(*)::int n from rights where collective_id = ${c.id} group by kind order by kind`,
      )) as unknown as { rows: unknown[] }
    ).rows;
    assert.deepEqual(rights, [
      { kind: 'homestead', n: 2 },
      { kind: 'land', n: 2 },
      { kind: 'shares', n: 2 },
    ]);
    const trail = (
      (await h.db.execute(
        sql`select action, count(*)::int n from audit_log where collective_id = ${c.id} group by action order by action`,
      )) as unknown as { rows: unknown[] }
    ).rows;
    assert.deepEqual(trail, [
      { action: 'household.create', n: 2 },
      { action: 'import.households', n: 1 },
    ]);
    const [created] = (
      (await h.db.execute(sql`select after from audit_log where action = 'household.create' and household_id = ${ha.id}`)) as unknown as {
        rows: { after: { source: string; rights: { kind: string }[] } }[];
      }
    ).rows;
    assert.deepEqual([created.after.source, created.after.rights.map((r) => r.kind).sort()], ['import', ['homestead', 'land', 'shares']]);
    assert.equal((await verifyChain(h.db)).ok, true, 'the batch entries continue the hash chain');
    const household = await agent.get(`/households/${ha.id}`).expect(200);
    assert.ok(household.text.includes('门前田') && household.text.includes(a.ids[0]));
  });

  it('when an officer uploads a valid XLSX (English headers), then rights may go to a household already registered, and certificate numbers are recorded', async () => {
    const { c, actor, prefix, agent } = await setup();
    const existing = await makeHousehold(h.db, actor, c);
    const code = `${prefix}0777`,
      id = idNumber('1990-01-01', 'M');
    const file = await xlsxFile({
      Members: [
        {
          'Household code': code,
          Name: '王五',
          'ID number': id,
          'Relation to head': 'Head',
          'Collective member': 'yes',
          Phone: '13900139000',
        },
      ],
      'Land parcels': [
        {
          'Household code': existing.code,
          'Contract no': 'XL-2026-1',
          'Term start': new Date(Date.UTC(2020, 0, 1)),
          'Term end': '2049-12-31',
          'Parcel code': `${prefix}07771`,
          'Parcel name': '后山地',
          'Area (mu)': 2.5,
          'Land class': 'Dry land',
          East: '林',
          South: '路',
          West: '田',
          North: '坡',
          'Certificate no': 'JYQZ-0001',
        },
      ],
      Shares: [{ 'Household code': code, Shares: 12, 'Certificate no': 'GQZ-0001' }],
    });
    const res = await upload(agent, 'register.xlsx', file);
    assert.equal(res.status, 303);
    const page = await finished(agent, res.headers.location);
    assert.ok(page.includes('导入成功'), page);
    const [m] = await h.db.select().from(members).where(eq(members.idNumber, id));
    assert.equal(m.name, '王五');
    const land = (
      (await h.db.execute(sql`select r.household_id, lc.start_date::text as start_date, p.area_mu_centi, p.land_class, c.number from rights r join land_contracts lc on lc.right_id = r.id
      join parcels p on p.right_id = r.id join certificates c on c.right_id = r.id where lc.contract_no = 'XL-2026-1'`)) as unknown as {
        rows: Record<string, unknown>[];
      }
    ).rows;
    assert.equal(land.length, 1);
    assert.equal(land[0].household_id, existing.id);
    assert.deepEqual(
      [land[0].start_date, land[0].area_mu_centi, land[0].land_class, land[0].number],
      ['2020-01-01', 250, 'dry', 'JYQZ-0001'],
    );
    const cert = (
      (await h.db.execute(sql`select count(*)::int n from certificates where number = 'GQZ-0001' and status = 'valid'`)) as unknown as {
        rows: { n: number }[];
      }
    ).rows[0];
    assert.equal(cert.n, 1);
    // A right added to a household already registered has its own trail entry.
    const [added] = (
      (await h.db.execute(
        sql`select after from audit_log where action = 'right.register' and household_id = ${existing.id}`,
      )) as unknown as { rows: { after: Record<string, unknown> }[] }
    ).rows;
    assert.deepEqual([added.after.contractNo, added.after.certificateNo], ['XL-2026-1', 'JYQZ-0001']);
  });

  it('when an officer uploads the downloaded template unchanged, then its example rows import (the template is a valid file)', async () => {
    const { agent } = await setup();
    for (const format of ['csv', 'xlsx'] as const) {
      const t = await agent.get(`/imports/template.${format}`).buffer(true).parse(binary).expect(200);
      assert.ok(String(t.headers['content-disposition']).includes(`import-template.${format}`));
      if (format === 'csv') {
        assert.equal((t.body as Buffer).subarray(0, 3).toString('hex'), 'efbbbf', 'a BOM, so Excel reads the Chinese headers');
        const res = await upload(agent, 'template.csv', t.body as Buffer);
        const page = await finished(agent, res.headers.location);
        assert.ok(page.includes('导入成功'), page);
      } else {
        assert.equal((t.body as Buffer).subarray(0, 4).toString('hex'), '504b0304');
      }
    }
  });

  it("when another collective's officer or a farmer asks for the job, then it does not exist for them (404); an officer of the same collective sees it (rule 12)", async () => {
    const { c, actor, prefix, agent } = await setup();
    const res = await upload(agent, 'a.csv', csvFile(householdCsvRows(prefix).rows));
    await finished(agent, res.headers.location);
    const colleague = await makeUser(h.db, 'officer', { collectiveId: c.id });
    await (await loginAs(app, colleague.user.username)).get(res.headers.location).expect(200);
    const other = await makeCollective(h.db, { regionCode: VILLAGE_B });
    const stranger = await makeUser(h.db, 'officer', { collectiveId: other.id });
    await (await loginAs(app, stranger.user.username)).get(res.headers.location).expect(404);
    const hh = await makeHousehold(h.db, actor, c);
    const farmer = await makeUser(h.db, 'farmer', { householdId: hh.id });
    await (await loginAs(app, farmer.user.username)).get(res.headers.location).expect(404);
    await agent.get('/imports/00000000-0000-0000-0000-000000000000').expect(404);
    await agent.get('/imports/not-a-uuid').expect(404);
  });

  it('when a job is running, then its page shows a progress bar and refreshes itself; when it has shown no sign of life for long, then it is shown as failed', async () => {
    const { c, actor, agent } = await setup();
    const [running] = await h.db
      .insert(jobs)
      .values({
        kind: 'import',
        userId: actor.id,
        collectiveId: c.id,
        status: 'running',
        total: 1000,
        done: 250,
        result: { phase: 'validating', fileName: 'big.csv', at: new Date().toISOString() },
      })
      .returning();
    const page = await agent.get(`/imports/${running.id}`).expect(200);
    assert.ok(page.text.includes('<meta http-equiv="refresh" content="2">'));
    assert.ok(page.text.includes('data-poll'));
    assert.ok(page.text.includes('<progress class="progress" max="100" value="25">'));
    assert.ok(page.text.includes('正在逐行检查'));
    const [stale] = await h.db
      .insert(jobs)
      .values({
        kind: 'import',
        userId: actor.id,
        collectiveId: c.id,
        status: 'running',
        createdAt: new Date(Date.now() - 3600_000),
        result: { phase: 'writing', fileName: 'old.csv', at: new Date(Date.now() - 3600_000).toISOString() },
      })
      .returning();
    const old = await agent.get(`/imports/${stale.id}`).expect(200);
    assert.ok(!old.text.includes('data-poll'));
    assert.ok(old.text.includes('导入已中断'));
  });
});

describe("Officer exports the collective's register (registry: officer's daily work)", () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  before(async () => {
    h = await freshDb();
    app = testApp(h.db);
  });
  after(async () => {
    await h.close();
  });

  async function setup() {
    const c = await makeCollective(h.db, { totalShares: 1000 });
    const { user, actor } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    // A hostile value typed into a form: the export must not hand it to Excel as a formula.
    const hh = await makeHousehold(h.db, actor, c, { address: '=HYPERLINK("http://evil.example","点我")' });
    const land = await registerLand(h.db, actor, hh.id, landInput(c), now());
    const cert = await issueCertificate(h.db, actor, land.id, {}, now());
    await registerHomestead(h.db, actor, hh.id, homesteadInput(c));
    await registerShares(h.db, actor, hh.id, { shares: '7' });
    const ms = await h.db.select().from(members).where(eq(members.householdId, hh.id));
    const other = await makeCollective(h.db, { regionCode: VILLAGE_B });
    const otherOfficer = await makeUser(h.db, 'officer', { collectiveId: other.id });
    const otherHh = await makeHousehold(h.db, otherOfficer.actor, other);
    const otherIds = (await h.db.select().from(members).where(eq(members.householdId, otherHh.id))).map((m) => m.idNumber);
    return { c, actor, hh, cert, ids: ms.map((m) => m.idNumber), otherHh, otherIds, agent: await loginAs(app, user.username) };
  }

  it("when an officer downloads the CSV, then it holds the register with full ID numbers, no other collective's data, a BOM, a dated file name, and neutralised formulas (rule 14)", async () => {
    const { c, hh, cert, ids, otherHh, otherIds, agent } = await setup();
    // The page starts a background export (export-jobs.test.ts); the direct download stays for scripts.
    await agent
      .get('/exports')
      .expect(200)
      .expect((r) => assert.ok(r.text.includes('action="/exports"') && r.text.includes('name="format" value="csv"')));
    const res = await agent.get('/exports/register.csv').buffer(true).parse(binary).expect(200);
    assert.match(String(res.headers['content-type']), /^text\/csv/);
    const cd = String(res.headers['content-disposition']);
    assert.match(cd, /^attachment; filename="register-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''/);
    assert.ok(decodeURIComponent(cd.split("UTF-8''")[1]).startsWith(`${c.name}-登记簿-`));
    const body = res.body as Buffer;
    assert.equal(body.subarray(0, 3).toString('hex'), 'efbbbf');
    const rows: Record<string, string>[] = parseCsv(body, { bom: true, columns: true });
    const mine = rows.filter((r) => r['承包方编码 Household code'] === hh.code);
    assert.deepEqual(mine.map((r) => r['类型 Kind']).sort(), ['地块', '宅基地', '成员', '成员', '股权'].sort());
    assert.deepEqual(
      mine
        .filter((r) => r['类型 Kind'] === '成员')
        .map((r) => r['身份证号 ID number'])
        .sort(),
      [...ids].sort(),
    );
    assert.equal(mine.find((r) => r['类型 Kind'] === '地块')!['证书编号 Certificate no'], cert.number);
    assert.equal(mine.find((r) => r['类型 Kind'] === '股权')!['股数 Shares'], '7');
    assert.equal(
      mine.find((r) => r['与户主关系 Relation to head'] === '户主')!['住址 Address'],
      `'=HYPERLINK("http://evil.example","点我")`,
    );
    const text = body.toString('utf8');
    assert.ok(!text.includes(otherHh.code) && otherIds.every((id) => !text.includes(id)), 'nothing of another collective');
  });

  it("when an officer downloads the XLSX, then each kind has its sheet, with the register's data only and neutralised formulas", async () => {
    const { hh, ids, otherHh, agent } = await setup();
    const res = await agent.get('/exports/register.xlsx').buffer(true).parse(binary).expect(200);
    assert.match(String(res.headers['content-disposition']), /filename="register-\d{4}-\d{2}-\d{2}\.xlsx"/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['成员 Members', '承包地块 Land parcels', '宅基地 Homesteads', '股权 Shares'],
    );
    const values = (name: string) =>
      wb
        .getWorksheet(name)!
        .getSheetValues()
        .slice(2)
        .map((r) => (r as unknown[]).slice(1).map(String));
    const people = values('成员 Members');
    assert.deepEqual(people.map((r) => r[2]).sort(), [...ids].sort());
    assert.ok(
      people.every((r) => r[0] === hh.code),
      "only this collective's households",
    );
    assert.ok(people.some((r) => r.includes(`'=HYPERLINK("http://evil.example","点我")`)));
    assert.equal(values('股权 Shares')[0][1], '7');
    assert.ok(!JSON.stringify(wb.worksheets.map((w) => w.getSheetValues())).includes(otherHh.code));
  });

  it("when anyone but the collective's officer exports, then ID numbers are masked, and the pages refuse other roles (rules 12, 14)", async () => {
    const { c, ids } = await setup();
    const bureau = await makeUser(h.db, 'bureau', { regionCode: '440205' });
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (d: Buffer) => chunks.push(d));
    await writeRegister(h.db, bureau.actor, await getCollective(h.db, c.id), 'csv', out);
    const text = Buffer.concat(chunks).toString('utf8');
    assert.ok(ids.every((id) => !text.includes(id) && text.includes(maskIdNumber(id)) && !text.includes(id.slice(6, 14))));
    await assert.rejects(registerOf(h.db, bureau.actor), /forbidden/);
    const page = await loginAs(app, bureau.user.username);
    await page.get('/exports/register.csv').expect(403);
    await page.get('/imports/new').expect(403);
  });
});
