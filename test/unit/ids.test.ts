import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { isUuid, UUID } from '../../server/kernel/ids';
import { rows, type Handle } from '../../server/platform/db';
import { freshDb } from '../helpers/db';

// One UUID pattern for every id that comes from outside (URLs, forms, trail entries): a malformed
// id must be "not found" or "invalid", never reach a uuid column (PostgreSQL's refusal is a 500).
// The audit search passes the same pattern to PostgreSQL (`~*`), so both must agree.
const GOOD = [randomUUID(), randomUUID().toUpperCase(), '00000000-0000-0000-0000-000000000000'];
const BAD = [
  '',
  'x',
  `${randomUUID()}\n`,
  ` ${randomUUID()}`,
  randomUUID().replace(/-/g, ''),
  `${randomUUID().slice(0, -1)}g`,
  `${randomUUID()}0`,
  "1' or '1'='1",
  '{00000000-0000-0000-0000-000000000000}',
];

describe('Record ids: one UUID pattern, the same in the app and in PostgreSQL', () => {
  let h: Handle;
  before(async () => {
    h = await freshDb();
  });
  after(async () => {
    await h?.close();
  });

  it('when a value is a UUID in any letter case, then it is taken; anything else, a near miss or not a string, is not', () => {
    for (const v of GOOD) assert.equal(isUuid(v), true, v);
    for (const v of [...BAD, null, undefined, 42, ['a'], { id: GOOD[0] }]) assert.equal(isUuid(v), false, JSON.stringify(v));
  });

  it("when PostgreSQL matches the same values with the pattern's source, then it agrees with the app on every one", async () => {
    for (const v of [...GOOD, ...BAD]) {
      const [r] = await rows<{ m: boolean }>(h.db, sql`select ${v}::text ~* ${UUID.source} as m`);
      assert.equal(r.m, isUuid(v), JSON.stringify(v));
    }
  });
});
