import assert from 'node:assert/strict';
import { HELD_RIGHT_STATUSES, LIVE_LISTING_STATUSES, OPEN_DEAL_STATUSES } from '../../models/statuses';
import { type Handle, rows } from '../../server/platform/db';
import { sql } from 'drizzle-orm';
import { freshDb } from '../helpers/db';

// The named status sets (models/statuses.ts) are also written into partial unique indexes by
// migrations, as literal SQL. Here the database says what its indexes really hold, so that a
// set changed in one place and not the other fails (rules 4 and 11 rest on these indexes).

describe('Named status sets: the code and the database indexes agree', () => {
  let h: Handle;
  before(async () => {
    h = await freshDb();
  });
  after(async () => h.close());

  const statusesIn = async (index: string) => {
    const [r] = await rows<{ def: string }>(h.db, sql`select pg_get_indexdef(c.oid) as def from pg_class c where c.relname = ${index}`);
    assert.ok(r, `index ${index} exists`);
    return [...r.def.matchAll(/'([a-z_]+)'::text/g)]
      .map((m) => m[1])
      .filter((s) => s !== 'homestead')
      .sort();
  };

  it('when the one-homestead index, the one-live-listing index and the one-open-deal index are read, then each holds exactly its named set (rules 4, 11)', async () => {
    assert.deepEqual(await statusesIn('rights_one_homestead_per_household'), [...HELD_RIGHT_STATUSES].sort());
    assert.deepEqual(await statusesIn('listings_one_live_per_right'), [...LIVE_LISTING_STATUSES].sort());
    assert.deepEqual(await statusesIn('deals_one_open_per_right'), [...OPEN_DEAL_STATUSES].sort());
  });
});
