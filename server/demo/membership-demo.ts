import { and, eq } from 'drizzle-orm';
import { members } from '../../models/households';
import type { Db } from '../platform/db';
import type { Actor } from '../kernel/actor';
import { now } from '../kernel/clock';
import { recordDecision } from '../registry/decisions';
import { addMember } from '../registry/households';
import { recordMembership } from '../registry/membership';
import { makeIdNumber } from './id-gen';

// Demo 成员名册 (农村集体经济组织法 §12, §17, §18): 龙岗村's members' meeting confirms its
// members (one by marriage), records that 李建国 and 王秀英 kept their membership when they
// settled in 广州, and sets the charter; in 沐溪村, 周永福's wife 陈桂兰 died: her membership
// ended, she stays in the register and the household's past members.

async function person(db: Db, householdId: string, name: string) {
  const [m] = await db
    .select()
    .from(members)
    .where(and(eq(members.householdId, householdId), eq(members.name, name)));
  return m;
}

export async function seedMembershipDemo(
  db: Db,
  o: { longgang: { officer: Actor; collectiveId: string; liId: string; chenId: string }; muxi: { officer: Actor; zhouId: string } },
) {
  const at = now();
  const lg = o.longgang.officer;
  const confirm = await recordDecision(
    db,
    lg,
    o.longgang.collectiveId,
    {
      decidedOn: '2025-06-20',
      meetingType: 'general',
      matter: 'membership',
      title: '关于确认本社成员身份的决定',
      text: '依据《农村集体经济组织法》第十二条，确认本社原始成员名单，并确认因结婚迁入的林美玲为本社成员。',
      entitled: 42,
      presentInPerson: 30,
      presentOnline: 3,
      presentByProxy: 2,
      votesFor: 31,
      votesAgainst: 2,
      votesAbstain: 2,
    },
    at,
  );
  await recordDecision(
    db,
    lg,
    o.longgang.collectiveId,
    {
      decidedOn: '2025-06-20',
      meetingType: 'general',
      matter: 'charter',
      title: '关于章程参数的决定',
      text: '一户持股不超过平均持股的三倍；挂牌公示十天；退地须提前六个月书面告知。',
      entitled: 42,
      presentInPerson: 30,
      presentOnline: 3,
      presentByProxy: 2,
      votesFor: 33,
      votesAgainst: 1,
      votesAbstain: 1,
      shareCapPercent: 300,
      noticeDays: 10,
      landReturnNoticeMonths: 6,
    },
    at,
  );
  const li = o.longgang.liId;
  for (const name of ['李建国', '王秀英', '李明', '李小红'])
    await recordMembership(
      db,
      lg,
      (await person(db, li, name)).id,
      { kind: 'confirmed', ground: 'original', effectiveOn: '2025-06-20', decisionId: confirm.id },
      at,
    );
  for (const name of ['李建国', '王秀英'])
    await recordMembership(
      db,
      lg,
      (await person(db, li, name)).id,
      { kind: 'kept', ground: 'settled_city', effectiveOn: '2025-06-21', note: '2021 年进城落户广州市，保留成员身份' },
      at,
    );
  await recordMembership(
    db,
    lg,
    (await person(db, o.longgang.chenId, '陈志强')).id,
    { kind: 'confirmed', ground: 'original', effectiveOn: '2025-06-20', decisionId: confirm.id },
    at,
  );
  await recordMembership(
    db,
    lg,
    (await person(db, o.longgang.chenId, '林美玲')).id,
    { kind: 'confirmed', ground: 'marriage', effectiveOn: '2025-06-20', decisionId: confirm.id, note: '因结婚迁入' },
    at,
  );

  const mx = o.muxi.officer;
  await addMember(
    db,
    mx,
    o.muxi.zhouId,
    { name: '陈桂兰', idNumber: makeIdNumber('440203', '1962-08-15', 72, 'F'), relation: 'spouse' },
    at,
  );
  await recordMembership(
    db,
    mx,
    (await person(db, o.muxi.zhouId, '陈桂兰')).id,
    { kind: 'ended', ground: 'death', effectiveOn: '2025-11-02', note: '病故' },
    at,
  );
}
