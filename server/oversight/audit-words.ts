import { and, asc, like, ne } from 'drizzle-orm';
import { collectives, regions } from '../../models/regions';
import type { Actor } from '../kernel/actor';
import type { Db } from '../platform/db';
import { scopePrefix } from './scope';
import { regionPrefix } from '../kernel/codes';
import { PICKER_MAX, pickerList } from '../kernel/pickers';

// The trail in words (issue 18 item 11): each entry's changes as "field: before → after" and
// the pickers of the search form (regions, collectives and actions within the reader's scope).
// The words themselves are chosen at the edge (i18n keys trail.action.*, trail.field.*); here
// only the structure. The raw entry stays available to auditors behind a toggle.

/** Every action the code writes to the trail, grouped by its prefix (the action picker; a prefix finds the group). */
export const TRAIL_ACTIONS: Record<string, string[]> = {
  household: [
    'household.create',
    'household.update',
    'household.homestead_ineligible',
    'household.headChange',
    'household.split',
    'household.splitFrom',
    'household.merge',
    'household.mergedInto',
    'household.inheritance',
    'household.inherited',
  ],
  member: ['member.add', 'member.update', 'member.remove', 'member.marriageOut'],
  membership: ['membership.confirmed', 'membership.kept', 'membership.ended'],
  decision: ['decision.record'],
  contract: ['contract.extend', 'contract.extendSkipped'],
  right: ['right.register', 'right.correct', 'right.cancel', 'right.exit', 'right.transfer_in'],
  certificate: ['certificate.issue', 'certificate.reissue', 'certificate.cancel', 'certificate.batch'],
  dividend: ['dividend.record'],
  import: ['import.households', 'import.nyt2539'],
  export: ['export.nyt2539'],
  listing: [
    'listing.create',
    'listing.consent',
    'listing.submit',
    'listing.approve',
    'listing.reject',
    'listing.withdraw',
    'listing.expire',
    'listing.award',
    'listing.confirm',
    'listing.suspend',
    'listing.lift',
    'listing.resume',
  ],
  objection: ['objection.lodge', 'objection.finding', 'objection.reconsent'],
  offer: ['offer.create', 'offer.raise', 'offer.withdraw'],
  deal: ['deal.create', 'deal.sign', 'deal.paid', 'deal.settle', 'deal.register', 'deal.suspend', 'deal.lift', 'deal.walkAway'],
  escrow: [
    'escrow.deposit_in',
    'escrow.deposit_refund',
    'escrow.deposit_to_price',
    'escrow.deposit_forfeit',
    'escrow.price_in',
    'escrow.price_release',
    'escrow.price_refund',
  ],
  exit: ['exit.counter', 'exit.accept', 'exit.accept_counter'],
  oversight: ['oversight.alert_ack', 'oversight.alert_settings', 'oversight.reference_price'],
  region: ['region.create'],
  collective: ['collective.create', 'collective.update'],
  user: [
    'user.create',
    'user.activate',
    'user.activation_code',
    'user.activation_code_dead',
    'user.activation_slip',
    'user.password_reset',
    'user.phone',
    'user.unlock',
  ],
  token: ['token.issue', 'token.revoke'],
  auth: ['auth.login', 'auth.login_failed', 'auth.password_change', 'auth.attack', 'auth.stuffing'],
  personal_data: ['personal_data.bulk_read'],
};

export type Change = { field: string; before: string | null; after: string | null };

// Bookkeeping columns that change with every write and say nothing to a reader.
const QUIET = new Set(['id', 'version', 'createdAt', 'updatedAt', 'created_at', 'updated_at', 'passwordHash', 'tokenHash', 'codeHash']);
const MAX_CHANGES = 12;

function shown(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'string') return v.length > 80 ? `${v.slice(0, 79)}…` : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * What an entry changed, field by field: for an update the fields whose values differ, for a
 * creation the values set, for a removal the values there were. Values are already redacted
 * (ID numbers masked) by the caller.
 */
/** A trail entry's recorded before/after value: whatever JSON the writer put there (read, not a command). */
type Json = unknown;
export function changesOf(before: Json, after: Json): Change[] {
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !QUIET.has(k));
  const out: Change[] = [];
  for (const k of keys) {
    const was = shown(b[k]);
    const is = shown(a[k]);
    if (was === is) continue;
    out.push({ field: k, before: was, after: is });
    if (out.length === MAX_CHANGES) break;
  }
  return out;
}

/** A field's name is a word key only when it is a plain identifier (never markup from a payload). */
export function fieldKey(field: string): string | null {
  return /^[A-Za-z][A-Za-z0-9_]{0,40}$/.test(field) ? `trail.field.${field}` : null;
}

/** An action's word key, for the known ones; others are shown as their code. */
export function actionKey(action: string): string | null {
  const [area] = action.split('.');
  return TRAIL_ACTIONS[area]?.includes(action) ? `trail.action.${action}` : null;
}

/**
 * The search form's pickers: the regions and collectives the reader oversees. Collectives are
 * listed for the region chosen in the filter, or for the whole scope when it holds no more than
 * PICKER_MAX (a county does; a city does not: 1,250 at the benchmark's L). Otherwise none are
 * listed and `collectivesTooMany` asks for a region first — never a list cut off unseen.
 */
export async function auditPickers(db: Db, actor: Actor, region: string | null = null, max = PICKER_MAX) {
  const prefix = scopePrefix(actor);
  const within = region && regionPrefix(region).startsWith(prefix) ? regionPrefix(region) : prefix;
  const [regionRows, collectiveRows] = await Promise.all([
    db
      .select({ code: regions.code, name: regions.name, level: regions.level })
      .from(regions)
      .where(and(like(regions.code, `${prefix}%`), ne(regions.level, 'village')))
      .orderBy(asc(regions.code))
      .limit(500),
    db
      .select({ id: collectives.id, name: collectives.name, regionCode: collectives.regionCode })
      .from(collectives)
      .where(like(collectives.regionCode, `${within}%`))
      .orderBy(asc(collectives.regionCode), asc(collectives.name))
      .limit(max + 1),
  ]);
  const picked = pickerList(collectiveRows, max);
  return { regions: regionRows, collectives: picked.list, collectivesTooMany: picked.tooMany, actions: TRAIL_ACTIONS };
}
