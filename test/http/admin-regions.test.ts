import assert from 'node:assert/strict';
import { and, count, eq } from 'drizzle-orm';
import { auditLog } from '../../models/audit';
import { regions } from '../../models/regions';
import type { Handle } from '../../server/platform/db';
import { freshDb } from '../helpers/db';
import { makeUser } from '../helpers/factories';
import { loginAs, postForm, testApp, type Agent } from '../helpers/http';

describe('Admin: the region tree (city → county → township → village)', () => {
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
  const regionCount = async () => (await h.db.select({ n: count() }).from(regions))[0].n;

  it('when an admin browses the tree, then each level lists its subdivisions with links one level down', async () => {
    const root = await admin.get('/admin/regions').expect(200);
    assert.match(root.text, /韶关市/);
    assert.ok(root.text.includes('href="/admin/regions/440205"') && root.text.includes('曲江区'));
    const county = await admin.get('/admin/regions/440205').expect(200);
    assert.ok(county.text.includes('href="/admin/regions/440205100"') && county.text.includes('马坝镇'));
    assert.match(county.text, /新增乡镇/);
    const row = /<tr>\s*<td class="mono"[^>]*>440205100<\/td>[\s\S]*?<\/tr>/.exec(county.text)![0];
    assert.deepEqual(
      [...row.matchAll(/<td class="num"[^>]*>(\d+)<\/td>/g)].map((m) => Number(m[1])),
      [2, 0],
      '马坝镇 has two villages and no collective yet',
    );
    const town = await admin.get('/admin/regions/440205100').expect(200);
    assert.ok(town.text.includes('href="/admin/regions/440205100201"') && town.text.includes('龙岗村'));
    assert.ok(town.text.includes('href="/admin/regions/440205"'), 'the path back up is linked');
    const village = await admin.get('/admin/regions/440205100201').expect(200);
    assert.doesNotMatch(village.text, /action="\/admin\/regions\/440205100201\/children"/, 'no form under a village');
    await admin.get('/admin/regions/449999').expect(404);
    await admin.get('/admin/regions/abc').expect(404);
  });

  it('when an admin adds a township with the three-digit short code, then it is stored under its county and the trail records it', async () => {
    const res = await postForm(admin, '/admin/regions/440205/children', { code: '180', name: '测试镇' });
    assert.equal(res.status, 302);
    const [row] = await h.db.select().from(regions).where(eq(regions.code, '440205180'));
    assert.deepEqual(
      { name: row.name, level: row.level, parentCode: row.parentCode },
      { name: '测试镇', level: 'township', parentCode: '440205' },
    );
    const [a] = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'region.create'), eq(auditLog.entityId, '440205180')));
    assert.equal((a.after as { name: string }).name, '测试镇');
    const page = await admin.get(res.headers.location).expect(200);
    assert.match(page.text, /已新增 测试镇（440205180）/);
  });

  it('when an admin adds a village with the full twelve-digit code, then it is a village of that township', async () => {
    const res = await postForm(admin, '/admin/regions/440205100/children', { code: '440205100205', name: '测试村' });
    assert.equal(res.status, 302);
    const [row] = await h.db.select().from(regions).where(eq(regions.code, '440205100205'));
    assert.equal(row.level, 'village');
    assert.equal(row.parentCode, '440205100');
  });

  it('when the code does not extend the parent code by three digits, then the form comes back with the rule, the typed values and nothing stored', async () => {
    const before = await regionCount();
    for (const code of ['440203181', '4402051', '44020518x', '000', '440205100201']) {
      const res = await postForm(admin, '/admin/regions/440205/children', { code, name: '错码镇' });
      assert.equal(res.status, 422, code);
      assert.match(res.text, /区划代码须为上级代码 440205 加 3 位数字/, code);
      assert.match(res.text, /value="错码镇"/);
    }
    assert.equal(await regionCount(), before);
  });

  it('when the code or the name is already taken, then it is refused with a message naming the existing region', async () => {
    const before = await regionCount();
    const dupCode = await postForm(admin, '/admin/regions/440205/children', { code: '100', name: '另一个镇' });
    assert.equal(dupCode.status, 422);
    assert.match(dupCode.text, /区划代码 440205100 已被“马坝镇”使用/);
    const dupName = await postForm(admin, '/admin/regions/440205/children', { code: '181', name: '马坝镇' });
    assert.equal(dupName.status, 422);
    assert.match(dupName.text, /“曲江区”下已有同名区划（代码 440205100）/);
    assert.equal(await regionCount(), before);
  });

  it('when the name is missing or the parent is a village or the city, then it is refused and nothing is stored', async () => {
    const before = await regionCount();
    const noName = await postForm(admin, '/admin/regions/440205/children', { code: '182', name: '  ' });
    assert.equal(noName.status, 422);
    assert.match(noName.text, /此项必填/);
    for (const parent of ['440205100201', '440200']) {
      const res = await postForm(admin, `/admin/regions/${parent}/children`, { code: '001', name: '不该有' });
      assert.equal(res.status, 422, parent);
      assert.match(res.text, /只能在县（区、市）下新增乡镇，在乡镇下新增村/);
    }
    assert.equal((await postForm(admin, '/admin/regions/449999/children', { code: '001', name: 'x' })).status, 404);
    assert.equal(await regionCount(), before);
  });

  it('when the page is shown in English, then the refusal is in English', async () => {
    await admin.get('/lang/en');
    const res = await postForm(admin, '/admin/regions/440205/children', { code: '9', name: 'Test' });
    await admin.get('/lang/zh-CN');
    assert.equal(res.status, 422);
    assert.match(res.text, /The code is the parent code 440205 followed by 3 digits other than 000/);
  });
});
