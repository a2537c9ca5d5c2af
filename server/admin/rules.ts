import type { Role } from '../../models/accounts';
import type { regions } from '../../models/regions';
import type { Actor } from '../kernel/actor';

// The admin area's rules, decided once: the use cases assert them, the page queries turn them into
// `can` flags and choices.

type Level = (typeof regions.$inferSelect)['level'];

/** Staff accounts are made by an admin; farmer accounts by their collective's officer, who knows the household. */
export const STAFF_ROLES = ['admin', 'bureau', 'officer'] as const;

/** Every role, in the order the accounts list offers them as a filter. */
export const LISTED_ROLES = ['admin', 'bureau', 'officer', 'farmer'] as const satisfies readonly Role[];

/** A bureau oversees a city or a county (rule 12). */
export function isBureauLevel(level: Level): boolean {
  return level === 'city' || level === 'county';
}

/** An admin cannot lock themselves out: so there is always one active admin left. */
export function mayDeactivate(actor: Actor, u: { id: string }): boolean {
  return u.id !== actor.id;
}

// The city and counties carry national codes (GB/T 2260) and come with the system;
// an admin adds what changes locally: townships under a county, villages under a township.
const CHILD_LEVEL: Partial<Record<Level, Level>> = { county: 'township', township: 'village' };

/** The level an admin may add under a region, or null (the city's counties are national). */
export function childLevel(level: Level): Level | null {
  return CHILD_LEVEL[level] ?? null;
}

/** A village-level collective has group code 00; a group-level one its own group number (01–99). */
export function groupMatchesLevel(level: 'village' | 'group', groupCode: string): boolean {
  return (level === 'village') === (groupCode === '00');
}
