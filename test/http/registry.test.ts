import assert from 'node:assert/strict';
import { maskIdNumber } from '../../server/kernel/personal-data';
import { count, eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { certificates } from '../../models/certificates';
import { households, members } from '../../models/households';
import { rights } from '../../models/rights';
import type { Handle } from '../../server/platform/db';
import { registerShares } from '../../server/registry/rights';
import { freshDb } from '../helpers/db';
import {
  householdCode,
  homesteadInput,
  idNumber,
  makeCollective,
  makeHousehold,
  makeUser,
  parcelCode,
  VILLAGE_B,
} from '../helpers/factories';
import { loginAs, postForm, testApp } from '../helpers/http';

describe('Registry pages (officer, bureau, farmer)', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  before(async () => {
    h = await freshDb();
    app = testApp(h.db);
  });
  after(async () => {
    await h.close();
  });

  async function officerOf() {
    const c = await makeCollective(h.db);
    const { user, actor } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    return { c, user, actor, agent: await loginAs(app, user.username) };
  }
  const countOf = async (t: typeof households | typeof members | typeof rights) => (await h.db.select({ n: count() }).from(t))[0].n;

  it('when an officer registers a household through the form, then it is stored with derived sex and birth date and shown', async () => {
    const { c, agent } = await officerOf();
    const code = householdCode(c);
    const head = idNumber('1970-05-06', 'M');
    const res = await postForm(agent, '/households', {
      code,
      phone: '13800000000',
      hukouStatus: 'rural',
      'members[0][name]': '王大山',
      'members[0][idNumber]': head,
      'members[0][relation]': 'head',
      'members[1][name]': '',
      'members[1][idNumber]': '',
      'members[1][relation]': 'child',
    });
    assert.equal(res.status, 302);
    const [row] = await h.db.select().from(households).where(eq(households.code, code));
    const [m] = await h.db.select().from(members).where(eq(members.householdId, row.id));
    assert.equal(m.sex, 'M');
    assert.equal(m.birthDate, '1970-05-06');
    assert.equal(m.isCollectiveMember, true, 'members are collective members unless recorded otherwise');
    const page = await agent.get(res.headers.location).expect(200);
    assert.match(page.text, /王大山/);
    assert.ok(page.text.includes(head), 'officers of the collective see the full ID number (rule 14)');
  });

  it('when the form has an invalid ID number, then it comes back with 422, the message beside the field, the typed values, and nothing stored', async () => {
    const { c, agent } = await officerOf();
    const before = await countOf(households);
    const res = await postForm(agent, '/households', {
      code: householdCode(c),
      address: '石桥头 8 号',
      'members[0][name]': '赵四',
      'members[0][idNumber]': '440205197001010011',
      'members[0][relation]': 'head',
    });
    assert.equal(res.status, 422);
    assert.match(res.text, /身份证号码无效/);
    assert.match(res.text, /value="石桥头 8 号"/);
    assert.match(res.text, /value="赵四"/);
    assert.equal(await countOf(households), before);
  });

  it('when any field carries HTML or script, then it is refused and never echoed unescaped', async () => {
    const { c, agent } = await officerOf();
    const before = await countOf(households);
    const res = await postForm(agent, '/households', {
      code: householdCode(c),
      address: '<script>alert(1)</script>',
      'members[0][name]': '<img src=x onerror=alert(1)>',
      'members[0][idNumber]': idNumber(),
      'members[0][relation]': 'head',
    });
    assert.equal(res.status, 422);
    assert.doesNotMatch(res.text, /<script>alert\(1\)<\/script>/);
    assert.doesNotMatch(res.text, /<img src=x/);
    assert.match(res.text, /&lt;script&gt;/);
    assert.equal(await countOf(households), before);
  });

  it('when text is overlong or a code is in the wrong form, then clear messages come back', async () => {
    const { agent } = await officerOf();
    const res = await postForm(agent, '/households', {
      code: '12345',
      address: '长'.repeat(500),
      'members[0][name]': '钱五',
      'members[0][idNumber]': idNumber(),
      'members[0][relation]': 'head',
    });
    assert.equal(res.status, 422);
    assert.match(res.text, /不能超过 120 个字符/);
    assert.match(res.text, /承包方编码须为 18 位数字/);
  });

  it("when an officer opens another collective's household or posts to it, then 404 and nothing changes (rule 12)", async () => {
    const { actor } = await officerOf();
    const mine = await makeCollective(h.db);
    const other = await makeHousehold(
      h.db,
      actor,
      (await h.db.query.collectives.findFirst({ where: (c, { eq }) => eq(c.id, actor.collectiveId!) }))!,
    );
    const { agent } = await officerOf();
    await agent.get(`/households/${other.id}`).expect(404);
    const before = await countOf(rights);
    const res = await postForm(agent, `/households/${other.id}/rights/shares`, { shares: '5' });
    assert.equal(res.status, 404);
    assert.equal(await countOf(rights), before);
    assert.ok(mine.id);
  });

  it('when an id in the URL is not a UUID or does not exist, then 404, not 500', async () => {
    const { agent } = await officerOf();
    await agent.get('/households/not-a-uuid').expect(404);
    await agent.get('/households/00000000-0000-4000-8000-000000000000').expect(404);
    await agent.get('/certificates/%27%20or%201=1--').expect(404);
  });

  it('when an officer registers an oversize homestead or a second one, then the rule 4 message and legal basis show, and nothing is stored', async () => {
    const { c, actor, agent } = await officerOf();
    const hh = await makeHousehold(h.db, actor, c);
    const big = await postForm(agent, `/households/${hh.id}/rights/homestead`, homesteadInput(c, { terrain: 'plain', areaM2: '95' }));
    assert.equal(big.status, 422);
    assert.match(big.text, /超过平原地区上限 80 平方米/);
    assert.match(big.text, /土地管理法》第六十二条/);
    assert.match(big.text, /value="95"/);
    assert.equal((await postForm(agent, `/households/${hh.id}/rights/homestead`, homesteadInput(c))).status, 302);
    const second = await postForm(agent, `/households/${hh.id}/rights/homestead`, homesteadInput(c));
    assert.equal(second.status, 422);
    assert.match(second.text, /一户只能拥有一处宅基地/);
    const [{ n }] = await h.db.select({ n: count() }).from(rights).where(eq(rights.householdId, hh.id));
    assert.equal(n, 1);
  });

  it('when an officer registers land with parcels and issues a certificate, then the certificate page has a QR code that verifies publicly with a masked holder', async () => {
    const { c, actor, agent } = await officerOf();
    const hh = await makeHousehold(h.db, actor, c);
    const res = await postForm(agent, `/households/${hh.id}/rights/land`, {
      contractNo: 'HT-2018-777',
      startDate: '2018-01-01',
      endDate: '2047-12-31',
      'parcels[0][code]': parcelCode(c),
      'parcels[0][name]': '门口田',
      'parcels[0][areaMu]': '1.25',
      'parcels[0][landClass]': 'paddy',
      'parcels[0][east]': '路',
      'parcels[0][south]': '河',
      'parcels[0][west]': '沟',
      'parcels[0][north]': '山',
    });
    assert.equal(res.status, 302);
    const [r] = await h.db.select().from(rights).where(eq(rights.householdId, hh.id));
    const issued = await postForm(agent, `/rights/${r.id}/certificates`, { householdId: hh.id, number: '' });
    assert.equal(issued.status, 302);
    const cert = await agent.get(issued.headers.location).expect(200);
    assert.match(cert.text, /农村土地承包经营权证/);
    assert.match(cert.text, /src="data:image\/png;base64,/);
    assert.match(cert.text, /门口田/);
    const [row] = await h.db.select().from(certificates).where(eq(certificates.rightId, r.id));
    const pub = await request(app).get(`/verify/${row.verifyToken}`).expect(200);
    assert.match(pub.text, /证书有效/);
    assert.match(pub.text, /1\.25/);
    assert.match(pub.text, /测\*+/);
    assert.doesNotMatch(pub.text, /测试户主/, 'the public page shows a masked holder only');
    await request(app).get('/verify/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').expect(404);
  });

  it('when a certificate is reissued, then the old number stays in history as superseded and the public check says it is no longer valid', async () => {
    const { c, actor, agent } = await officerOf();
    const hh = await makeHousehold(h.db, actor, c);
    const r = await registerShares(h.db, actor, hh.id, { shares: 3 });
    const first = await postForm(agent, `/rights/${r.id}/certificates`, { householdId: hh.id, number: 'OLD-0001' });
    const [old] = await h.db.select().from(certificates).where(eq(certificates.number, 'OLD-0001'));
    assert.equal(first.status, 302);
    const noReason = await postForm(agent, `/certificates/${old.id}/reissue`, { householdId: hh.id, reason: '' });
    assert.equal(noReason.status, 422);
    const again = await postForm(agent, `/certificates/${old.id}/reissue`, { householdId: hh.id, reason: '原证遗失' });
    assert.equal(again.status, 302);
    const all = await h.db.select().from(certificates).where(eq(certificates.rightId, r.id));
    assert.deepEqual(all.map((x) => x.status).sort(), ['superseded', 'valid']);
    const page = await agent.get(`/households/${hh.id}`);
    assert.match(page.text, /OLD-0001/);
    assert.match(page.text, /原证遗失/);
    const pub = await request(app).get(`/verify/${old.verifyToken}`);
    assert.match(pub.text, /证书已失效/);
  });

  it('when the bureau opens a household in its region, then it sees masked ID numbers and no edit controls; outside its region, 404', async () => {
    const { c, actor } = await officerOf();
    const hh = await makeHousehold(h.db, actor, c);
    const { user: county } = await makeUser(h.db, 'bureau', { regionCode: '440205' });
    const { user: elsewhere } = await makeUser(h.db, 'bureau', { regionCode: '440203' });
    const agent = await loginAs(app, county.username);
    const page = await agent.get(`/households/${hh.id}`).expect(200);
    const [m] = await h.db.select().from(members).where(eq(members.householdId, hh.id));
    assert.ok(!page.text.includes(m.idNumber), "full ID numbers are for the collective's officers only (rule 14)");
    assert.ok(page.text.includes(maskIdNumber(m.idNumber)));
    assert.ok(!page.text.includes(m.birthDate), 'nor the birth date, the 8 digits the mask hides (rule 14)');
    assert.doesNotMatch(page.text, /登记承包地/);
    assert.equal((await postForm(agent, `/households/${hh.id}/rights/shares`, { shares: '1' })).status, 403);
    await (await loginAs(app, elsewhere.username)).get(`/households/${hh.id}`).expect(404);
  });

  it('when a farmer opens their page, then they see their own rights; other households are out of reach', async () => {
    const { c, actor } = await officerOf();
    const mine = await makeHousehold(h.db, actor, c);
    const theirs = await makeHousehold(h.db, actor, c);
    await registerShares(h.db, actor, mine.id, { shares: 7 });
    const { user } = await makeUser(h.db, 'farmer', { householdId: mine.id });
    const agent = await loginAs(app, user.username);
    const page = await agent.get('/my').expect(200);
    assert.match(page.text, /集体收益分配权/);
    assert.match(page.text, /<dd>7<\/dd>/);
    assert.equal((await agent.get(`/households/${theirs.id}`)).status, 403);
    assert.equal((await agent.get('/households')).status, 403);
  });

  it('when an officer searches by name, ID number or code, then matches of the own collective only are listed', async () => {
    const { c, actor, agent } = await officerOf();
    const id = idNumber('1966-06-06', 'F');
    const hh = await makeHousehold(h.db, actor, c, { members: [{ name: '欧阳春花', idNumber: id, relation: 'head' }] });
    const other = await makeCollective(h.db, { regionCode: VILLAGE_B });
    const { actor: otherOfficer } = await makeUser(h.db, 'officer', { collectiveId: other.id });
    await makeHousehold(h.db, otherOfficer, other, { members: [{ name: '欧阳秋月', idNumber: idNumber(), relation: 'head' }] });
    const byName = await agent.get('/households?q=' + encodeURIComponent('欧阳'));
    assert.match(byName.text, /欧阳春花/);
    assert.doesNotMatch(byName.text, /欧阳秋月/);
    assert.match((await agent.get(`/households?q=${id}`)).text, /欧阳春花/);
    assert.match((await agent.get(`/households?q=${hh.code}`)).text, /欧阳春花/);
    assert.match((await agent.get('/households?q=' + encodeURIComponent('%_\\'))).text, /没有找到/);
  });

  it('when a name matches more than 1,000 households, then the page says "more than 1,000", lists the newest first and pages through the newest 1,000 (scale: the count is capped)', async () => {
    const c = await makeCollective(h.db, { regionCode: VILLAGE_B, groupCode: '97' });
    const { user } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    const agent = await loginAs(app, user.username);
    // 1,005 households named 钟1 … 钟1005, each a minute newer than the one before.
    await h.db.execute(sql`insert into households (collective_id, region_code, code, head_name, created_at)
      select ${c.id}, ${c.regionCode}, ${c.regionCode + c.groupCode} || lpad(i::text, 4, '0'), '钟' || i, now() - make_interval(mins => 1005 - i)
      from generate_series(1, 1005) i`);
    assert.equal((await h.db.select({ n: count() }).from(households).where(eq(households.collectiveId, c.id)))[0].n, 1005);
    const first = await agent.get('/households?q=' + encodeURIComponent('钟')).expect(200);
    assert.match(first.text, /第 1 页，共 50 页（超过 1000 条/);
    assert.ok(first.text.indexOf('钟1005') >= 0 && first.text.indexOf('钟1005') < first.text.indexOf('钟1004'), 'newest first');
    const last = await agent.get('/households?q=' + encodeURIComponent('钟') + '&page=50').expect(200);
    assert.match(last.text, /钟6</);
    assert.doesNotMatch(last.text, /rel="next"/);
    const one = await agent.get('/households?q=' + encodeURIComponent('钟1005')).expect(200);
    assert.match(one.text, /第 1 页，共 1 页（1 条）/, 'under the cap the count is exact');
  });

  it("when an officer corrects a member (settled in a city, not a collective member), then the record changes, the household's rights do not, and the trail has the reason", async () => {
    const { c, actor, agent } = await officerOf();
    const hh = await makeHousehold(h.db, actor, c);
    const r = await registerShares(h.db, actor, hh.id, { shares: 4 });
    const [spouse] = await h.db
      .select()
      .from(members)
      .where(eq(members.householdId, hh.id))
      .then((l) => l.filter((m) => m.relation === 'spouse'));
    const page = await agent.get(`/households/${hh.id}/members/${spouse.id}/edit`).expect(200);
    assert.match(page.text, /checked/, 'a collective member by default');
    const noReason = await postForm(agent, `/households/${hh.id}/members/${spouse.id}`, {
      name: spouse.name,
      idNumber: spouse.idNumber,
      relation: 'spouse',
      isCollectiveMember: 'false',
      hukouStatus: 'settled_city',
      settledOn: '2023-03-01',
      settledCity: '深圳市',
    });
    assert.equal(noReason.status, 422);
    assert.match(noReason.text, /value="深圳市"/);
    const ok = await postForm(agent, `/households/${hh.id}/members/${spouse.id}`, {
      name: spouse.name,
      idNumber: spouse.idNumber,
      relation: 'spouse',
      isCollectiveMember: 'false',
      hukouStatus: 'settled_city',
      settledOn: '2023-03-01',
      settledCity: '深圳市',
      reason: '户口迁入深圳',
    });
    assert.equal(ok.status, 302);
    const [after] = await h.db.select().from(members).where(eq(members.id, spouse.id));
    assert.equal(after.hukouStatus, 'settled_city');
    assert.equal(after.isCollectiveMember, false);
    const [right] = await h.db.select().from(rights).where(eq(rights.id, r.id));
    assert.equal(right.status, 'active');
    const history = await agent.get(`/households/${hh.id}`);
    assert.match(history.text, /户口迁入深圳/);
  });

  it("when an officer records a year's dividend per share, then each household sees shares × dividend; a second record for the year and bad amounts are refused", async () => {
    const { c, actor, agent } = await officerOf();
    const hh = await makeHousehold(h.db, actor, c);
    await registerShares(h.db, actor, hh.id, { shares: 12 });
    assert.equal((await postForm(agent, '/dividends', { year: '2025', perShareYuan: '35.50' })).status, 302);
    const again = await postForm(agent, '/dividends', { year: '2025', perShareYuan: '1' });
    assert.equal(again.status, 422);
    assert.match(again.text, /该年度的分红已经记录/);
    const bad = await postForm(agent, '/dividends', { year: '2025<b>', perShareYuan: '-3' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /请输入有效年份/);
    const rows = await h.db.query.dividends.findMany({ where: (d, { eq }) => eq(d.collectiveId, c.id) });
    assert.deepEqual(
      rows.map((r) => [r.year, r.perShareFen]),
      [[2025, 3550]],
    );
    const page = await agent.get(`/households/${hh.id}`);
    assert.match(page.text, /426\.00/, '12 shares × 35.50 yuan');
    const { user: farmer } = await makeUser(h.db, 'farmer', { householdId: hh.id });
    const mine = await (await loginAs(app, farmer.username)).get('/my');
    assert.match(mine.text, /426\.00/);
  });

  it('when a member with a farmer account is removed, then it is refused with a clear message and the member stays', async () => {
    const { c, actor, agent } = await officerOf();
    const hh = await makeHousehold(h.db, actor, c);
    const [spouse] = (await h.db.select().from(members).where(eq(members.householdId, hh.id))).filter((m) => m.relation === 'spouse');
    await makeUser(h.db, 'farmer', { householdId: hh.id, memberId: spouse.id });
    const res = await postForm(agent, `/households/${hh.id}/members/${spouse.id}/remove`, { reason: '外嫁' });
    assert.equal(res.status, 422);
    assert.match(res.text, /已开设农户账户/);
    assert.equal((await h.db.select().from(members).where(eq(members.id, spouse.id))).length, 1);
  });
});
