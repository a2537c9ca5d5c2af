import { z } from 'zod';
import { RELATIONS } from '../../../models/households';
import { choice, isoDate, optionalText, text } from '../../kernel/fields';
import { UUID } from '../../kernel/ids';
import { SHARES_OUTCOMES } from './rules';

// The typed commands of a household's life: a web form and a JSON body parse into the same
// command with these schemas (routes call `submitted`, the use case `accept`s after access).

export const recordId = z.string({ error: 'required' }).trim().regex(UUID, { error: 'invalidValue' });
/** A list of ids: a form sends one as a string, several as an array; none as nothing. */
export const idList = z.preprocess(
  (v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v.filter((x) => x !== '') : [v]),
  z.array(recordId, { error: 'invalidValue' }).max(500, { error: 'tooLong' }),
);
const NOT_HEAD = RELATIONS.filter((r) => r !== 'head') as unknown as readonly [string, ...string[]];
export const formerRelation = choice(NOT_HEAD as readonly ['spouse', ...string[]]);

/** 户主变更. */
export const headChangeSchema = z.object({
  memberId: recordId,
  formerHeadRelation: formerRelation,
  occurredOn: isoDate,
  reason: text(200),
});
export type HeadChange = z.output<typeof headChangeSchema>;

/** 分户: who goes, which rights go whole, which parcels leave their contract for a new one. */
export const splitSchema = z
  .object({
    newHouseholdCode: z
      .string({ error: 'required' })
      .trim()
      .min(1, { error: 'required' })
      .regex(/^[0-9]{18}$/, { error: 'householdCodeDigits' }),
    newHeadMemberId: recordId,
    memberIds: idList,
    rightIds: idList,
    parcelIds: idList,
    newContractNo: optionalText(40),
    collectiveConsent: optionalText(200),
    occurredOn: isoDate,
    reason: text(200),
  })
  .superRefine((v, ctx) => {
    if (v.parcelIds.length > 0) {
      if (!v.newContractNo) ctx.addIssue({ code: 'custom', path: ['newContractNo'], message: 'required' });
      else if (!/^[0-9A-Za-z-]+$/.test(v.newContractNo)) ctx.addIssue({ code: 'custom', path: ['newContractNo'], message: 'invalidValue' });
      // 承包法 §27: the contract is the 发包方's; dividing it needs its consent.
      if (!v.collectiveConsent) ctx.addIssue({ code: 'custom', path: ['collectiveConsent'], message: 'life.consentNeeded' });
    }
  });
export type Split = z.output<typeof splitSchema>;

/** 合户: the other household joins this one. */
export const mergeSchema = z.object({
  /** The other household's 承包方编码 (what the officer reads off its papers). */
  absorbedHouseholdCode: z
    .string({ error: 'required' })
    .trim()
    .min(1, { error: 'required' })
    .regex(/^[0-9]{18}$/, { error: 'householdCodeDigits' }),
  formerHeadRelation: formerRelation,
  occurredOn: isoDate,
  reason: text(200),
});
export type Merge = z.output<typeof mergeSchema>;

/** 农村土地承包法 §31: a member marries into another collective; recorded, nothing removed. */
export const marriageSchema = z.object({
  memberId: recordId,
  occurredOn: isoDate,
  toPlace: text(120),
});
export type Marriage = z.output<typeof marriageSchema>;

const heir = z.object({
  name: text(40),
  idNumber: optionalText(18),
  relation: text(20),
  member: z.preprocess((v) => v === true || v === 'on' || v === 'true' || v === '1', z.boolean()),
  householdCode: optionalText(18),
});
export type Heir = z.output<typeof heir>;

/** 继承: the last member's death (date and cause, until the 成员名册 records it), the heirs, who decided. */
export const inheritanceSchema = z.object({
  /** The members whose death this records: every current member (while one remains, the contract continues). */
  // Empty when every death is already recorded in the 成员名册 (then no current member remains).
  deceasedMemberIds: idList,
  diedOn: isoDate,
  deathReason: text(200),
  decidedBy: text(200),
  heirs: z.array(heir, { error: 'required' }).min(1, { error: 'life.heirNeeded' }).max(20, { error: 'tooLong' }),
  /** Which heir (index) takes a 林地 contract and, per the charter, the shares. */
  landHeir: z.coerce.number().int().min(0).max(19).default(0),
  sharesOutcome: choice(SHARES_OUTCOMES),
  sharesHeir: z.coerce.number().int().min(0).max(19).default(0),
});
export type Inheritance = z.output<typeof inheritanceSchema>;

/** A scan that goes with an event. */
export type Document = { name: string; mime: string; bytes: Buffer };
export const DOCUMENT_MIMES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

const adjustment = z.object({ rightId: recordId, newEndDate: isoDate, reason: text(200) });
const exclusion = z.object({ rightId: recordId, reason: text(200) });

/** 二轮延包: the contracts ending by `oldTermEndsBy`, less the exclusions, with the adjustments. */
export const extensionSchema = z.object({
  oldTermEndsBy: isoDate,
  decisionRef: text(200),
  excluded: z.array(exclusion).max(5000).default([]),
  adjusted: z.array(adjustment).max(5000).default([]),
  dryRun: z.preprocess((v) => v === true || v === 'true' || v === 'on' || v === '1', z.boolean()).default(false),
});
export type Extension = z.output<typeof extensionSchema>;
