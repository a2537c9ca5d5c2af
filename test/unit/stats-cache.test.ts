import assert from 'node:assert/strict';
import type { Handle } from '../../server/platform/db';
import { parseFilters } from '../../server/oversight/filters';
import { resolveNode } from '../../server/oversight/scope';
import { nodeStats } from '../../server/oversight/stats';
import { currentNodeStats } from '../../server/oversight/stats-cache';
import { freshDb } from '../helpers/db';
import { household, oversightWorld } from '../helpers/oversight-factories';

// The dashboard reuses its figures only while the trail has not moved (stats-cache.ts): the
// bureau must never see a figure that a direct count would not give (oversight, seed 四).

// Stock figures (households) do not depend on the period; any fixed day will do.
const AT = new Date('2026-03-10T02:00:00Z');

describe('Dashboard figures reused while nothing changed, counted again after any change', () => {
  let h: Handle;
  before(async () => {
    h = await freshDb();
  });
  after(async () => {
    await h?.close();
  });

  it('when nothing is written between two visits, then the second reuses the first count; when a household is registered, then the next visit counts it', async () => {
    const w = await oversightWorld(h.db);
    await household(h.db, w.oA1, w.cA1);
    const f = parseFilters({}, AT);
    const city = await resolveNode(h.db, w.city.actor, {});
    const first = await currentNodeStats(h.db, city, f);
    assert.equal(await currentNodeStats(h.db, city, f), first, 'the same count, reused');
    assert.equal(first.total.households, 1);

    await household(h.db, w.oB, w.cB);
    const after = await currentNodeStats(h.db, city, f);
    assert.notEqual(after, first);
    assert.equal(after.total.households, 2);
    assert.deepEqual(after.total, (await nodeStats(h.db, city, f)).total, 'equal to a direct count');

    // Places are kept apart: the county of the first collective still shows one household.
    const county = await resolveNode(h.db, w.countyA.actor, {});
    assert.equal((await currentNodeStats(h.db, county, f)).total.households, 1);
  });

  it("when two databases hold the same places, then each one's figures come from its own count", async () => {
    const other = await freshDb();
    try {
      const w = await oversightWorld(other.db);
      const f = parseFilters({}, AT);
      const city = await resolveNode(other.db, w.city.actor, {});
      assert.equal((await currentNodeStats(other.db, city, f)).total.households, 0);
    } finally {
      await other.close();
    }
  });
});
