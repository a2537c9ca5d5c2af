import assert from 'node:assert/strict';
import { and, count, eq } from 'drizzle-orm';
import { auditLog } from '../../models/audit';
import { collectives } from '../../models/regions';
import type { Handle } from '../../server/platform/db';
import { registerShares } from '../../server/registry/rights';
import { makeCollectiveCode } from '../../server/demo/id-gen';
import { freshDb } from '../helpers/db';
import { makeCollective, makeHousehold, makeUser, VILLAGE_A, VILLAGE_B } from '../helpers/factories';
import { loginAs, postForm, testApp, type Agent } from '../helpers/http';

let serial = 700000;
const uscc = () => makeCollectiveCode('440205', ++serial);
/** The same code with a wrong last (check) character. */
const badCheck = (code: string) => code.slice(0, 17) + (code[17] === '0' ? '1' : '0');

const form = (over: Record<string, string> = {}) => ({
  name: '曲江区马坝镇龙岗村第三经济合作社',
  regionCode: VILLAGE_A,
  groupCode: '03',
  level: 'group',
  registrationCode: uscc(),
  noticeDays: '15',
  shareCapPercent: '300',
  totalShares: '1200',
  landReturnNoticeMonths: '6',
  homesteadLimitPlainM2: '80',
  homesteadLimitHillM2: '120',
  homesteadLimitMountainM2: '150',
  ...over,
});

describe('Admin: collectives and their charter settings', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  let admin: Agent;
  before(async () => {
    h = await freshDb();
    app = testApp(h.db);
    admin = await loginAs(app, (await makeUser(h.db, 'admin')).user.username);
  });
  after(async () => {
    await h.close();
  });
  const collectiveCount = async () => (await h.db.select({ n: count() }).from(collectives))[0].n;
  const auditCount = async (action: string) => (await h.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, action)))[0].n;

  it('when an admin creates a collective, then it is stored with its charter, listed with its region names and recorded in the trail', async () => {
    const f = form();
    const res = await postForm(admin, '/admin/collectives', f);
    assert.equal(res.status, 302);
    const [c] = await h.db.select().from(collectives).where(eq(collectives.registrationCode, f.registrationCode));
    assert.deepEqual(
      [
        c.name,
        c.regionCode,
        c.groupCode,
        c.level,
        c.noticeDays,
        c.shareCapPercent,
        c.totalShares,
        c.landReturnNoticeMonths,
        c.homesteadLimitHillM2,
      ],
      [f.name, VILLAGE_A, '03', 'group', 15, 300, 1200, 6, 120],
    );
    const [a] = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'collective.create'), eq(auditLog.entityId, c.id)));
    assert.equal((a.after as { registrationCode: string }).registrationCode, f.registrationCode);
    assert.equal(a.collectiveId, c.id);
    const list = await admin.get('/admin/collectives?q=' + encodeURIComponent('第三经济')).expect(200);
    assert.match(list.text, /曲江区 马坝镇 龙岗村/);
    assert.ok(list.text.includes(`${VILLAGE_A}03`), 'the issuer code is shown');
  });

  it('when the registration code has a wrong check character, then the form says so (GB 32100), keeps the values and nothing is written', async () => {
    const before = [await collectiveCount(), await auditCount('collective.create')];
    const f = form({ registrationCode: badCheck(uscc()), name: '校验码错误合作社' });
    const res = await postForm(admin, '/admin/collectives', f);
    assert.equal(res.status, 422);
    assert.match(res.text, /统一社会信用代码无效：须为 18 位且校验码正确（GB 32100）/);
    assert.match(res.text, /value="校验码错误合作社"/);
    assert.ok(res.text.includes(`value="${f.registrationCode}"`));
    assert.deepEqual([await collectiveCount(), await auditCount('collective.create')], before);
  });

  it('when the registration code or the issuer code belongs to another collective, then it is refused', async () => {
    const other = await makeCollective(h.db, { regionCode: VILLAGE_B, groupCode: '00' });
    const before = await collectiveCount();
    const dupUscc = await postForm(admin, '/admin/collectives', form({ registrationCode: other.registrationCode }));
    assert.equal(dupUscc.status, 422);
    assert.match(dupUscc.text, /该统一社会信用代码已被登记/);
    const dupIssuer = await postForm(admin, '/admin/collectives', form({ regionCode: VILLAGE_B, groupCode: '00', level: 'village' }));
    assert.equal(dupIssuer.status, 422);
    assert.ok(dupIssuer.text.includes(`已由“${other.name}”使用`));
    assert.equal(await collectiveCount(), before);
  });

  it('when the region is not a registered village or the charter numbers are out of range, then every wrong field is marked at once', async () => {
    const before = await collectiveCount();
    const res = await postForm(
      admin,
      '/admin/collectives',
      form({
        regionCode: '440205100',
        noticeDays: '91',
        shareCapPercent: '99',
        totalShares: '-1',
        landReturnNoticeMonths: '',
        homesteadLimitPlainM2: '0',
        groupCode: '7',
      }),
    );
    assert.equal(res.status, 422);
    assert.match(res.text, /须为已登记的村级行政区划代码/);
    assert.match(res.text, /请输入 1 到 90 之间的整数/);
    assert.match(res.text, /请输入 100 到 10000 之间的整数/);
    assert.match(res.text, /请输入 0 到 2000000000 之间的整数/);
    assert.match(res.text, /请输入 1 到 1000 之间的整数/);
    assert.match(res.text, /村民小组码须为 2 位数字/);
    assert.match(res.text, /此项必填/);
    const unknownVillage = await postForm(admin, '/admin/collectives', form({ regionCode: '440205100299' }));
    assert.equal(unknownVillage.status, 422);
    assert.match(unknownVillage.text, /须为已登记的村级行政区划代码/);
    const mismatch = await postForm(admin, '/admin/collectives', form({ level: 'village', groupCode: '04' }));
    assert.equal(mismatch.status, 422);
    assert.match(mismatch.text, /村级组织的小组码为 00/);
    assert.equal(await collectiveCount(), before);
  });

  it('when an admin edits the charter, then the change is saved and the trail holds what it was before and after', async () => {
    const c = await makeCollective(h.db, { regionCode: VILLAGE_A, groupCode: '05', level: 'group' });
    const page = await admin.get(`/admin/collectives/${c.id}/edit`).expect(200);
    const version = /name="version" value="(\d+)"/.exec(page.text)![1];
    const res = await postForm(
      admin,
      `/admin/collectives/${c.id}`,
      form({
        name: c.name,
        regionCode: c.regionCode,
        groupCode: '05',
        level: 'group',
        registrationCode: c.registrationCode,
        noticeDays: '20',
        version,
      }),
    );
    assert.equal(res.status, 302);
    const [after] = await h.db.select().from(collectives).where(eq(collectives.id, c.id));
    assert.equal(after.noticeDays, 20);
    const [a] = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'collective.update'), eq(auditLog.entityId, c.id)));
    assert.equal((a.before as { noticeDays: number }).noticeDays, 10);
    assert.equal((a.after as { noticeDays: number }).noticeDays, 20);
    assert.equal((a.before as { name?: string }).name, undefined, 'only changed fields are in the entry');
  });

  it('when the form was drawn before someone else saved, then the save is refused with 409 and nothing is overwritten', async () => {
    const c = await makeCollective(h.db, { regionCode: VILLAGE_A, groupCode: '06', level: 'group' });
    const page = await admin.get(`/admin/collectives/${c.id}/edit`).expect(200);
    const version = /name="version" value="(\d+)"/.exec(page.text)![1];
    const base = { name: c.name, regionCode: c.regionCode, groupCode: '06', level: 'group', registrationCode: c.registrationCode, version };
    assert.equal((await postForm(admin, `/admin/collectives/${c.id}`, form({ ...base, noticeDays: '30' }))).status, 302);
    const stale = await postForm(admin, `/admin/collectives/${c.id}`, form({ ...base, noticeDays: '40' }));
    assert.equal(stale.status, 409);
    assert.match(stale.text, /该记录已被他人修改/);
    const [row] = await h.db.select().from(collectives).where(eq(collectives.id, c.id));
    assert.equal(row.noticeDays, 30);
  });

  it('when households exist, then total shares below the allocated shares and a new issuer code are refused', async () => {
    const c = await makeCollective(h.db, { regionCode: VILLAGE_A, groupCode: '07', level: 'group', totalShares: 1000 });
    const { actor } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    const hh = await makeHousehold(h.db, actor, c);
    await registerShares(h.db, actor, hh.id, { shares: 300 });
    const base = { name: c.name, regionCode: c.regionCode, groupCode: '07', level: 'group', registrationCode: c.registrationCode };
    const low = await postForm(admin, `/admin/collectives/${c.id}`, form({ ...base, totalShares: '299' }));
    assert.equal(low.status, 422);
    assert.match(low.text, /总股数不能少于已分配给农户的 300 股/);
    const moved = await postForm(admin, `/admin/collectives/${c.id}`, form({ ...base, groupCode: '08' }));
    assert.equal(moved.status, 422);
    assert.match(moved.text, /本集体已登记农户/);
    const [row] = await h.db.select().from(collectives).where(eq(collectives.id, c.id));
    assert.deepEqual([row.totalShares, row.groupCode], [1000, '07']);
    assert.equal((await postForm(admin, `/admin/collectives/${c.id}`, form({ ...base, totalShares: '300' }))).status, 302);
  });

  it('when the collective id is unknown or malformed, then the edit page and the save answer 404', async () => {
    await admin.get('/admin/collectives/00000000-0000-4000-8000-000000000000/edit').expect(404);
    await admin.get('/admin/collectives/nope/edit').expect(404);
    assert.equal((await postForm(admin, '/admin/collectives/00000000-0000-4000-8000-000000000000', form())).status, 404);
  });
});
