import assert from 'node:assert/strict';
import { now } from '../../server/kernel/clock';
import type { Handle } from '../../server/platform/db';
import { parseAuditQuery, searchAudit } from '../../server/oversight/audit-search';
import { registerHomestead, registerLand } from '../../server/registry/rights';
import { freshDb } from '../helpers/db';
import { homesteadInput, landInput, makeCollective, makeHousehold, makeUser } from '../helpers/factories';

// Issue 18 item 11: an audit entry about a right names the right's kind. The search finds the right
// by its key (issue 19: the join on the id as text hashed every right of the registry per search);
// entries about anything else carry no kind.
describe('The audit search names the right an entry is about', () => {
  let h: Handle;
  before(async () => {
    h = await freshDb();
  });
  after(async () => {
    await h.close();
  });

  it("when a household's land and homestead are registered, then the bureau's search shows each right entry with its kind, and the household's own entries with none", async () => {
    const c = await makeCollective(h.db);
    const { actor: officer } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    const { actor: bureau } = await makeUser(h.db, 'bureau', { regionCode: '440200' });
    const hh = await makeHousehold(h.db, officer, c);
    const land = await registerLand(h.db, officer, hh.id, landInput(c), now());
    const home = await registerHomestead(h.db, officer, hh.id, homesteadInput(c));

    const { list } = await searchAudit(h.db, bureau, parseAuditQuery({ household: hh.code }));
    const rightEntries = list.filter((e) => e.entityType === 'right');
    assert.deepEqual(
      new Map(rightEntries.map((e) => [e.entityId, e.rightKind])),
      new Map([
        [land.id, 'land'],
        [home.id, 'homestead'],
      ]),
    );
    const others = list.filter((e) => e.entityType !== 'right');
    assert.ok(others.length > 0, 'the household itself has entries');
    assert.ok(
      others.every((e) => e.rightKind === null),
      'an entry about something else names no right',
    );
  });
});
