import { now } from '../../server/kernel/clock';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { households, members } from '../../models/households';
import type { Handle } from '../../server/platform/db';
import { recordAudit, recordAuditBatch, verifyChain } from '../../server/kernel/audit';
import { issueCertificate } from '../../server/registry/certificates';
import { getCollective } from '../../server/registry/collectives';
import { checkAgainstDb } from '../../server/registry/import/check-db';
import { checkRights } from '../../server/registry/import/check-rights';
import { readImportFile } from '../../server/registry/import/read-file';
import { registerHomestead, registerLand } from '../../server/registry/rights';
import { insertMany } from '../../server/platform/bulk-insert';
import { freshDb } from '../helpers/db';
import { homesteadInput, idNumber, landInput, makeCollective, makeHousehold, makeUser, VILLAGE_B } from '../helpers/factories';
import { csvFile, type Row } from '../helpers/import-files';

describe('Import checks against the register (rules 4, 12, 13) and the batch writers', () => {
  let h: Handle;
  before(async () => {
    h = await freshDb();
  });
  after(async () => {
    await h.close();
  });

  it("when the file repeats what the register holds, or names a household that is not this collective's, then each such row is refused", async () => {
    const c = await getCollective(h.db, (await makeCollective(h.db)).id);
    const { actor } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    const hh = await makeHousehold(h.db, actor, c);
    const land = await registerLand(h.db, actor, hh.id, landInput(c), now());
    const cert = await issueCertificate(h.db, actor, land.id, {}, now());
    await registerHomestead(h.db, actor, hh.id, homesteadInput(c));
    const sold = await makeHousehold(h.db, actor, c);
    const third = await makeHousehold(h.db, actor, c);
    await h.db.update(households).set({ homesteadEligible: false }).where(eq(households.id, sold.id));
    const other = await makeCollective(h.db, { regionCode: VILLAGE_B });
    const otherOfficer = await makeUser(h.db, 'officer', { collectiveId: other.id });
    const foreign = await makeHousehold(h.db, otherOfficer.actor, other);
    const [takenId] = await h.db.select().from(members).where(eq(members.householdId, hh.id));
    const [contract] = (
      (await h.db.execute(
        sql`select contract_no, (select code from parcels where right_id = ${land.id}) as parcel from land_contracts where right_id = ${land.id}`,
      )) as unknown as { rows: { contract_no: string; parcel: string }[] }
    ).rows;
    const P = c.regionCode + c.groupCode;
    const parcel: Row = {
      类型: '地块',
      承包方编码: hh.code,
      承包期起: '2018-01-01',
      承包期止: '2047-12-31',
      地块名称: '田',
      '面积（亩）': '1',
      地类: '水田',
      东至: '路',
      南至: '路',
      西至: '路',
      北至: '路',
    };
    const home: Row = { 类型: '宅基地', 坐落: '村', '宗地面积（平方米）': '70', 地形: '平原', 批准文号: 'P' };
    const rows: Row[] = [
      /* 2 */ { 类型: '成员', 承包方编码: third.code, 姓名: '甲', 身份证号: idNumber(), 与户主关系: '户主' },
      /* 3 */ { 类型: '成员', 承包方编码: `${P}0901`, 姓名: '乙', 身份证号: takenId.idNumber, 与户主关系: '户主' },
      /* 4 */ { ...parcel, 承包合同编号: contract.contract_no, 地块编码: `${P}09001` },
      /* 5 */ { ...parcel, 承包合同编号: 'NEW-1', 地块编码: contract.parcel, 证书编号: cert.number },
      /* 6 */ { ...home, 承包方编码: hh.code, 宗地代码: `${P}09002` },
      /* 7 */ { ...home, 承包方编码: sold.code, 宗地代码: `${P}09003` },
      /* 8 */ { 类型: '股权', 承包方编码: foreign.code, 股数: 1 },
      /* 9 */ { 类型: '股权', 承包方编码: `${P}0999`, 股数: 1 },
    ];
    const read = await readImportFile(csvFile(rows), 'csv');
    const rights = await checkRights(
      read.rows.filter((r) => r.kind !== 'member'),
      c,
      read.problems,
      1000,
      async () => undefined,
    );
    const existing = await checkAgainstDb(h.db, c, read.rows, rights, read.problems);
    assert.deepEqual(
      read.problems.sorted(read.sheets).map((e) => `${e.row} ${e.column} ${e.code}`),
      [
        '2 householdCode duplicateHouseholdCode',
        '3 idNumber duplicateIdNumber',
        '4 contractNo duplicateContractNo',
        '5 parcelCode duplicateParcelCode',
        '5 certificateNo duplicateCertificate',
        '6 householdCode rule4.secondHomestead',
        '7 householdCode rule4.notEligible',
        '8 householdCode import.unknownHousehold',
        '9 householdCode import.unknownHousehold',
      ],
    );
    assert.deepEqual([...existing.keys()].sort(), [hh.code, sold.code].sort());
  });

  it('when many rows go in through one statement per batch, then odd text, nulls, numbers, booleans and JSON arrive intact', async () => {
    await h.db.execute(sql`create temporary table bulk_probe (a text, b int, c bool, d jsonb, e date)`);
    const odd = ['a,b', 'x"y', 'back\\slash', '{brace}', null, 'NULL', '张三', ''];
    await insertMany(
      h.db,
      'bulk_probe',
      [
        ['a', 'text'],
        ['b', 'int'],
        ['c', 'bool'],
        ['d', 'jsonb'],
        ['e', 'date'],
      ],
      odd.map((a, i) => [a, i, i % 2 === 0, i === 3 ? null : { k: [i, 'v'] }, '2020-02-29']),
      { batch: 3 },
    );
    const back = (
      (await h.db.execute(sql`select a, b, c, d, e::text as e from bulk_probe order by b`)) as unknown as {
        rows: { a: string | null; b: number; c: boolean; d: unknown; e: string }[];
      }
    ).rows;
    assert.deepEqual(
      back.map((r) => r.a),
      odd,
    );
    assert.deepEqual(
      back.map((r) => [r.b, r.c]),
      odd.map((_, i) => [i, i % 2 === 0]),
    );
    assert.deepEqual(back[2].d, { k: [2, 'v'] });
    assert.equal(back[3].d, null);
    assert.ok(back.every((r) => r.e === '2020-02-29'));
  });

  it('when a batch of trail entries is written between single ones, then the hash chain still verifies (the trail is tamper-evident)', async () => {
    const { actor } = await makeUser(h.db, 'admin');
    await recordAudit(h.db, actor, { action: 'probe.one', entityType: 'probe', entityId: '1' });
    await h.db.transaction((tx) =>
      recordAuditBatch(
        tx,
        actor,
        Array.from({ length: 1200 }, (_, i) => ({
          action: 'probe.batch',
          entityType: 'probe',
          entityId: String(i),
          after: { i, name: `条目${i}` },
        })),
      ),
    );
    await recordAudit(h.db, actor, { action: 'probe.two', entityType: 'probe', entityId: '2' });
    const chain = await verifyChain(h.db);
    assert.equal(chain.ok, true);
    assert.ok(chain.count >= 1202);
  });
});
