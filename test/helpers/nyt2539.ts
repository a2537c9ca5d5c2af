import { makeNyt2539Fixture, type Fixture, type FixtureOptions } from '../../scripts/lib/nyt2539/package';
import type { Variant } from '../../scripts/lib/nyt2539/variants';

// NY/T 2539 packages for the tests, made by the project's own generator (scripts/lib/nyt2539),
// small (16 households in 2 villages, about 110 parcels) and made once per process and kind.

export const TODAY = new Date('2026-06-01T00:00:00Z');
const made = new Map<string, Promise<Fixture>>();

export function nytFixture(variant: Variant = 'clean', extra: Partial<FixtureOptions> = {}): Promise<Fixture> {
  const key = JSON.stringify([variant, extra]);
  if (!made.has(key)) made.set(key, makeNyt2539Fixture({ households: 16, collectives: 2, variant, ...extra }));
  return made.get(key)!;
}
