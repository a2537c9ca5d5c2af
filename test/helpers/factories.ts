import { randomBytes } from 'node:crypto';
import { users, type Role } from '../../models/accounts';
import { collectives } from '../../models/regions';
import { toActor } from '../../server/accounts/session-user';
import { hashPassword } from '../../server/accounts/passwords';
import type { Db } from '../../server/platform/db';
import type { Actor } from '../../server/kernel/actor';
import { createHousehold } from '../../server/registry/households';
import type { NewHomestead } from '../../server/registry/rights';
import { now } from '../../server/kernel/clock';
import { makeCollectiveCode, makeIdNumber } from '../../server/demo/id-gen';

export const PASSWORD = 'TestPassw0rd';
let seq = 0;
let passwordHash: string | null = null;
const next = () => ++seq;

// Villages loaded by ensureRegions (server/admin/regions-shaoguan.ts).
export const VILLAGE_A = '440205100201'; // 曲江区 马坝镇 龙岗村
export const VILLAGE_B = '440203100201'; // 武江区 西联镇 沐溪村

export async function makeCollective(db: Db, over: Partial<typeof collectives.$inferInsert> = {}) {
  const n = next();
  const regionCode = over.regionCode ?? VILLAGE_A;
  const [c] = await db
    .insert(collectives)
    .values({
      regionCode,
      name: `测试合作社${n}`,
      registrationCode: makeCollectiveCode(regionCode.slice(0, 6), 500000 + n + Math.floor(Math.random() * 1e6)),
      totalShares: 1000,
      ...over,
    })
    .returning();
  return c;
}

export async function makeUser(db: Db, role: Role, scope: Partial<typeof users.$inferInsert> = {}, mustChange = false) {
  passwordHash ??= await hashPassword(PASSWORD);
  const [u] = await db
    .insert(users)
    .values({
      username: `${role}_${next()}_${randomBytes(3).toString('hex')}`,
      role,
      displayName: `${role} ${seq}`,
      passwordHash,
      mustChangePassword: mustChange,
      ...scope,
    })
    .returning();
  return { user: u, actor: toActor(u) as Actor };
}

/** A valid household code of a collective: its 14-digit code + 4 digits. */
export function householdCode(c: { regionCode: string; groupCode: string }): string {
  return `${c.regionCode}${c.groupCode}${String(next() % 10000 || 1).padStart(4, '0')}`;
}

export function parcelCode(c: { regionCode: string; groupCode: string }): string {
  return `${c.regionCode}${c.groupCode}${String(next() % 100000 || 1).padStart(5, '0')}`;
}

export function idNumber(birth = '1980-01-01', sex: 'M' | 'F' = 'M'): string {
  return makeIdNumber('440205', birth, next() * 2 + 1, sex);
}

export async function makeHousehold(
  db: Db,
  officer: Actor,
  collective: { id: string; regionCode: string; groupCode: string },
  over: Record<string, unknown> = {},
) {
  return createHousehold(
    db,
    officer,
    collective.id,
    {
      code: householdCode(collective),
      members: [
        { name: '测试户主', idNumber: idNumber(), relation: 'head' },
        { name: '测试配偶', idNumber: idNumber('1982-02-02', 'F'), relation: 'spouse' },
      ],
      ...over,
    } as never,
    now(),
  );
}

export const landInput = (c: { regionCode: string; groupCode: string }, over: Record<string, unknown> = {}) => ({
  contractNo: `T-${next()}-${randomBytes(2).toString('hex')}`,
  startDate: '2018-01-01',
  endDate: '2047-12-31',
  parcels: [{ code: parcelCode(c), name: '试验田', areaMu: '1.50', landClass: 'paddy', east: '路', south: '河', west: '沟', north: '山' }],
  ...over,
});

export const homesteadInput = (c: { regionCode: string; groupCode: string }, over: Record<string, unknown> = {}): NewHomestead =>
  ({
    parcelCode: parcelCode(c),
    location: '测试村 1 号',
    areaM2: '75.00',
    terrain: 'plain',
    approvalNo: '测宅批001',
    ...over,
  }) as NewHomestead;
