import { users } from '../../models/accounts';
import { collectives } from '../../models/regions';
import { toActor } from '../accounts/session-user';
import type { Db } from '../platform/db';
import { issueCertificate } from '../registry/certificates';
import { createHousehold } from '../registry/households';
import { now } from '../kernel/clock';
import { registerHomestead, registerLand, registerShares } from '../registry/rights';
import { makeCollectiveCode, makeIdNumber } from './id-gen';
import { ensureRegions } from '../admin/reference';
import { seedReferencePrices } from './seed-oversight';
import { seedMarketDemo } from './market-demo';
import { demoCredentials, type DemoPasswords } from './credentials';

export { DEMO_PASSWORD } from './credentials';

export type DemoLogin = { username: string; role: string; who: string; password: string };

/**
 * Demo data for a first start: two collectives, households with all three rights, one account per role.
 * `passwords`: the README's shared password (development), or a random one-time password per account (production).
 */
export async function seedDemo(db: Db, passwords: DemoPasswords = 'published'): Promise<DemoLogin[]> {
  const creds = await demoCredentials(passwords);
  // The demo is made at one time, read once from the app's clock (as a route reads it per request).
  const at = now();
  const cred = (username: string) => {
    const { passwordHash, mustChangePassword } = creds.get(username)!;
    return { passwordHash, mustChangePassword };
  };
  await ensureRegions(db);
  const [longgang, muxi] = await db
    .insert(collectives)
    .values([
      {
        regionCode: '440205100201',
        name: '曲江区马坝镇龙岗村股份经济合作社',
        registrationCode: makeCollectiveCode('440205', 100201),
        totalShares: 1000,
      },
      {
        regionCode: '440203100201',
        name: '武江区西联镇沐溪村股份经济合作社',
        registrationCode: makeCollectiveCode('440203', 100201),
        totalShares: 800,
      },
    ])
    .returning();
  const account = (
    username: string,
    role: 'admin' | 'bureau' | 'officer' | 'farmer',
    displayName: string,
    scope: Partial<typeof users.$inferInsert>,
  ) => ({ username, role, displayName, ...cred(username), ...scope });
  const staff = await db
    .insert(users)
    .values([
      account('admin', 'admin', '系统管理员', {}),
      account('bureau_city', 'bureau', '韶关市农业农村局', { regionCode: '440200' }),
      account('bureau_qujiang', 'bureau', '曲江区农业农村局', { regionCode: '440205' }),
      account('officer_longgang', 'officer', '龙岗村经办人 刘芳', { collectiveId: longgang.id }),
      account('officer_muxi', 'officer', '沐溪村经办人 张伟', { collectiveId: muxi.id }),
    ])
    .returning();
  const lg = toActor(staff.find((u) => u.username === 'officer_longgang')!);
  const mx = toActor(staff.find((u) => u.username === 'officer_muxi')!);

  const li = await createHousehold(
    db,
    lg,
    longgang.id,
    {
      code: '440205100201000001',
      phone: '13800138001',
      address: '龙岗村一组 12 号',
      hukouStatus: 'settled_city',
      settledOn: '2021-09-01',
      settledCity: '广州市',
      members: [
        {
          name: '李建国',
          idNumber: makeIdNumber('440205', '1968-03-12', 31, 'M'),
          relation: 'head',
          hukouStatus: 'settled_city',
          settledOn: '2021-09-01',
          settledCity: '广州市',
        },
        {
          name: '王秀英',
          idNumber: makeIdNumber('440205', '1970-07-08', 42, 'F'),
          relation: 'spouse',
          hukouStatus: 'settled_city',
          settledOn: '2021-09-01',
          settledCity: '广州市',
        },
        { name: '李明', idNumber: makeIdNumber('440205', '1995-11-20', 15, 'M'), relation: 'child' },
        { name: '李小红', idNumber: makeIdNumber('440205', '2012-05-03', 26, 'F'), relation: 'child' },
      ],
    },
    at,
  );
  const liLand = await registerLand(
    db,
    lg,
    li.id,
    {
      contractNo: 'QJ-MB-LG-2018-001',
      startDate: '2018-01-01',
      endDate: '2047-12-31',
      parcels: [
        {
          code: '4402051002010000001',
          name: '塘背田',
          areaMu: '1.85',
          landClass: 'paddy',
          east: '陈志强田',
          south: '机耕路',
          west: '水渠',
          north: '黄丽华田',
          geojson: JSON.stringify({
            type: 'Polygon',
            coordinates: [
              [
                [113.6001, 24.6801],
                [113.6012, 24.6801],
                [113.6012, 24.6809],
                [113.6001, 24.6809],
                [113.6001, 24.6801],
              ],
            ],
          }),
        },
        {
          code: '4402051002010000002',
          name: '山脚地',
          areaMu: '0.92',
          landClass: 'dry',
          east: '山林',
          south: '李姓祖坟',
          west: '村道',
          north: '荒坡',
        },
        {
          code: '4402051002010000003',
          name: '果园',
          areaMu: '2.30',
          landClass: 'orchard',
          east: '小河',
          south: '集体林',
          west: '机耕路',
          north: '陈志强果园',
          geojson: polygon([
            [113.6025, 24.6815],
            [113.6034, 24.6816],
            [113.6036, 24.6823],
            [113.6029, 24.6825],
            [113.6024, 24.6821],
          ]),
        },
      ],
    },
    at,
  );
  const liHome = await registerHomestead(db, lg, li.id, {
    parcelCode: '4402051002010001001',
    location: '龙岗村一组 12 号',
    areaM2: '110.50',
    terrain: 'hill',
    approvalNo: '曲府宅批〔2003〕118号',
    floorAreaM2: '186.00',
    geojson: polygon([
      [113.6005, 24.679],
      [113.60061, 24.679],
      [113.60061, 24.67909],
      [113.6005, 24.67909],
    ]),
  });
  const liShares = await registerShares(db, lg, li.id, { shares: 30 });
  for (const r of [liLand, liHome, liShares]) await issueCertificate(db, lg, r.id, {}, at);

  const chen = await createHousehold(
    db,
    lg,
    longgang.id,
    {
      code: '440205100201000002',
      phone: '13800138002',
      address: '龙岗村一组 15 号',
      members: [
        { name: '陈志强', idNumber: makeIdNumber('440205', '1975-01-30', 11, 'M'), relation: 'head' },
        { name: '林美玲', idNumber: makeIdNumber('440205', '1978-09-14', 22, 'F'), relation: 'spouse' },
      ],
    },
    at,
  );
  const chenLand = await registerLand(
    db,
    lg,
    chen.id,
    {
      contractNo: 'QJ-MB-LG-2018-002',
      startDate: '2018-01-01',
      endDate: '2047-12-31',
      parcels: [
        {
          code: '4402051002010000004',
          name: '大丘田',
          areaMu: '2.10',
          landClass: 'paddy',
          east: '河堤',
          south: '机耕路',
          west: '李建国田',
          north: '村道',
          geojson: polygon([
            [113.6012, 24.6801],
            [113.6022, 24.68],
            [113.6023, 24.6808],
            [113.6012, 24.6809],
          ]),
        },
        {
          code: '4402051002010000005',
          name: '陈家果园',
          areaMu: '1.40',
          landClass: 'orchard',
          east: '小河',
          south: '李建国果园',
          west: '机耕路',
          north: '集体林',
          geojson: polygon([
            [113.6029, 24.6825],
            [113.6036, 24.6823],
            [113.6038, 24.683],
            [113.603, 24.6831],
          ]),
        },
      ],
    },
    at,
  );
  await registerHomestead(db, lg, chen.id, {
    parcelCode: '4402051002010001002',
    location: '龙岗村一组 15 号',
    areaM2: '78.00',
    terrain: 'plain',
    approvalNo: '曲府宅批〔2005〕042号',
    geojson: polygon([
      [113.60066, 24.67898],
      [113.60075, 24.67898],
      [113.60075, 24.67906],
      [113.60066, 24.67906],
    ]),
  });
  const chenShares = await registerShares(db, lg, chen.id, { shares: 25 });
  await issueCertificate(db, lg, chenLand.id, {}, at);
  await issueCertificate(db, lg, chenShares.id, {}, at);

  const huang = await createHousehold(
    db,
    lg,
    longgang.id,
    {
      code: '440205100201000003',
      phone: '13800138003',
      members: [{ name: '黄丽华', idNumber: makeIdNumber('440205', '1982-04-18', 8, 'F'), relation: 'head' }],
    },
    at,
  );
  await registerShares(db, lg, huang.id, { shares: 20 });

  const zhou = await createHousehold(
    db,
    mx,
    muxi.id,
    {
      code: '440203100201000001',
      phone: '13900139001',
      address: '沐溪村三组 4 号',
      members: [
        { name: '周永福', idNumber: makeIdNumber('440203', '1960-12-01', 51, 'M'), relation: 'head' },
        {
          name: '周丽',
          idNumber: makeIdNumber('440203', '1988-02-27', 64, 'F'),
          relation: 'child',
          hukouStatus: 'settled_city',
          settledOn: '2015-03-10',
          settledCity: '深圳市',
        },
      ],
    },
    at,
  );
  const zhouShares = await registerShares(db, mx, zhou.id, { shares: 40 });
  await issueCertificate(db, mx, zhouShares.id, {}, at);

  const [liHead] = await db.query.members.findMany({ where: (m, { eq }) => eq(m.name, '李建国') });
  const [chenHead] = await db.query.members.findMany({ where: (m, { eq }) => eq(m.name, '陈志强') });
  await db.insert(users).values([
    // Demo farmers keep the published password; their phones let an officer show a new code (rule 2) in the SMS sink.
    account('farmer_li', 'farmer', '李建国', { householdId: li.id, memberId: liHead.id, phone: '13800138001' }),
    account('farmer_chen', 'farmer', '陈志强', { householdId: chen.id, memberId: chenHead.id, phone: '13800138002' }),
  ]);
  await seedReferencePrices(db);
  // One approved listing in 龙岗村 whose notice period is running (server/demo/market-demo.ts).
  const marketLogins = await seedMarketDemo(db, {
    officer: lg,
    householdId: chen.id,
    landRightId: chenLand.id,
    credential: cred('farmer_lin'),
  });
  const logins = [
    { username: 'admin', role: 'admin', who: '系统管理员' },
    { username: 'bureau_city', role: 'bureau', who: '韶关市农业农村局（全市）' },
    { username: 'bureau_qujiang', role: 'bureau', who: '曲江区农业农村局' },
    { username: 'officer_longgang', role: 'officer', who: '曲江区马坝镇龙岗村' },
    { username: 'officer_muxi', role: 'officer', who: '武江区西联镇沐溪村' },
    { username: 'farmer_li', role: 'farmer', who: '李建国（已进城落户广州）' },
    { username: 'farmer_chen', role: 'farmer', who: '陈志强' },
    ...marketLogins,
  ];
  return logins.map((l) => ({ ...l, password: creds.get(l.username)!.password }));
}

/** A demo parcel outline (lon, lat), closed as GeoJSON wants; drawn on the parcel sketches and the collective map. */
function polygon(points: [number, number][]): string {
  return JSON.stringify({ type: 'Polygon', coordinates: [[...points, points[0]]] });
}
