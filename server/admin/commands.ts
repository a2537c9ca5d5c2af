import { z } from 'zod';
import { isValidUscc } from '../kernel/codes';
import { choice, depositYuan, optionalText, text } from '../kernel/fields';
import { usernameField } from '../accounts/accounts';
import { groupMatchesLevel, STAFF_ROLES } from './rules';
import { DEPOSIT_FORFEIT_TO } from '../../models/regions';

const blank = (v: unknown) => (v === '' || v === null ? undefined : v);

// The admin use cases' commands, and the schemas that turn the admin's forms into them (a route
// parses with these, server/kernel/commands.ts; the use case checks the role, then takes it).

/** A staff account with its scope (rule 12): a bureau's region, an officer's collective. */
export const staffCommand = z.object({
  role: choice(STAFF_ROLES),
  username: usernameField,
  displayName: text(60),
  regionCode: z.string().trim().optional(),
  collectiveId: z.string().trim().optional(),
});
export type StaffCommand = z.output<typeof staffCommand>;

/** Why an account is deactivated (optional, for the trail). */
export const deactivateCommand = z.object({ reason: optionalText(200) });
export type DeactivateCommand = z.output<typeof deactivateCommand>;

/** A township under a county or a village under a township: its code (or its last three digits) and name. */
export const regionCommand = z.object({
  code: z.string({ error: 'required' }).trim().min(1, { error: 'required' }),
  name: text(40),
});
export type RegionCommand = z.output<typeof regionCommand>;

/** A whole number within the charter's range (the "configurable" values of DOMAIN.md). */
const charter = (min: number, max: number) =>
  z.union([z.string(), z.number()], { error: 'required' }).transform((v, ctx) => {
    const s = String(v).trim();
    if (s === '') ctx.addIssue({ code: 'custom', message: 'required' });
    else if (!/^[0-9]{1,10}$/.test(s) || Number(s) < min || Number(s) > max)
      ctx.addIssue({ code: 'custom', message: 'intRange', params: { min, max } });
    else return Number(s);
    return z.NEVER;
  });

const groupCode = z.preprocess(
  (v) => (v === '' || v === undefined ? '00' : v),
  z
    .string()
    .trim()
    .regex(/^[0-9]{2}$/, { error: 'invalidGroupCode' }),
);

const OWN_FIELDS = ['name', 'regionCode', 'groupCode', 'level', 'registrationCode'];

/**
 * A collective and its charter numbers. Every wrong field is marked in one round; the group code
 * is checked against the level once both are well formed.
 */
export const collectiveCommand = z
  .object({
    name: text(80),
    regionCode: z
      .string({ error: 'required' })
      .trim()
      .min(1, { error: 'required' })
      .regex(/^[0-9]{12}$/, { error: 'villageRequired' }),
    groupCode,
    level: choice(['village', 'group'] as const),
    registrationCode: z
      .string({ error: 'required' })
      .trim()
      .toUpperCase()
      .min(1, { error: 'required' })
      .refine(isValidUscc, { error: 'invalidUscc' }),
    noticeDays: charter(1, 90),
    shareCapPercent: charter(100, 10000),
    totalShares: charter(0, 2_000_000_000),
    // 农村土地承包法 §30: at least six months' written notice; a charter may ask for more, never less.
    landReturnNoticeMonths: charter(6, 60),
    homesteadLimitPlainM2: charter(1, 1000),
    homesteadLimitHillM2: charter(1, 1000),
    homesteadLimitMountainM2: charter(1, 1000),
    // Issue 20: the market's money; left out, unchanged (a new collective: none, forfeit to the collective, no supervision).
    depositFen: depositYuan,
    depositPercent: z.preprocess(blank, charter(0, 100).optional()),
    depositForfeitTo: z.preprocess(blank, choice(DEPOSIT_FORFEIT_TO).optional()),
    supervisedPayment: z
      .preprocess(blank, choice(['yes', 'no'] as const).optional())
      .transform((v) => (v === undefined ? undefined : v === 'yes')),
    /** The collective's updated_at (ms) when the edit form was drawn: a change made in between is refused. */
    version: z.preprocess((v) => (typeof v === 'string' && v !== '' ? v : undefined), z.string().optional()),
  })
  // As soon as the collective's own fields are well formed, whatever the charter numbers say.
  .refine((v) => groupMatchesLevel(v.level, v.groupCode), {
    error: 'groupLevelMismatch',
    path: ['groupCode'],
    when: (payload) => !payload.issues.some((i) => OWN_FIELDS.includes(String(i.path?.[0]))),
  });
export type CollectiveCommand = z.output<typeof collectiveCommand>;
