import assert from 'node:assert/strict';
import { DEAL_STATUSES, LISTING_STATUSES } from '../../models/market';
import type { Actor } from '../../server/kernel/actor';
import {
  canAcknowledge,
  canLift,
  canSuspend,
  dealSuspendRefusal,
  inScope,
  isOverseer,
  listingSuspendRefusal,
  maySeeReport,
  supervises,
} from '../../server/oversight/rules';

// Rule 12 for oversight, as the predicates the use cases assert and the pages' can flags show.

const actor = (role: Actor['role'], regionCode: string | null = null, id = `${role}-${regionCode}`): Actor => ({
  id,
  role,
  username: id,
  displayName: id,
  regionCode,
  collectiveId: null,
  householdId: null,
  memberId: null,
});
const county = actor('bureau', '440205');
const otherCounty = actor('bureau', '440203');
const city = actor('bureau', '440200');
const admin = actor('admin');
const inCounty = '440205100001';

describe('oversight rules (rule 12: the bureau of the region supervises; admins look)', () => {
  it('when a bureau or an admin looks at a place, then the bureau sees its own region (a city bureau its counties), the admin everything', () => {
    assert.deepEqual(
      [county, otherCounty, city, admin].map((a) => inScope(a, inCounty)),
      [true, false, true, true],
    );
    assert.equal(isOverseer(actor('bureau')), false, 'a bureau account without a region oversees nothing');
    assert.equal(isOverseer(actor('officer', '440205')), false);
    assert.deepEqual(
      [county, otherCounty, city, admin].map((a) => supervises(a, inCounty)),
      [true, false, true, false],
      'the admin does not act',
    );
  });

  it('when a listing is live and not in a deal, then it can be suspended; in a deal it is suspended through its deal; closed, not at all', () => {
    const refusals = Object.fromEntries(LISTING_STATUSES.map((status) => [status, listingSuspendRefusal({ status, suspendedAt: null })]));
    assert.deepEqual(refusals, {
      draft: null,
      submitted: null,
      approved: null,
      in_deal: 'oversight.suspendTheDeal',
      rejected: 'oversight.notLive',
      withdrawn: 'oversight.notLive',
      expired: 'oversight.notLive',
      completed: 'oversight.notLive',
    });
    assert.equal(listingSuspendRefusal({ status: 'approved', suspendedAt: new Date() }), 'oversight.alreadySuspended');
  });

  it('when a deal is open, then it can be suspended; registered or cancelled, not', () => {
    const open = DEAL_STATUSES.filter((status) => dealSuspendRefusal({ status, suspendedAt: null }) === null);
    assert.deepEqual(open, ['signing', 'signed', 'paid', 'settled']);
  });

  it('when the page asks what the actor may do, then suspend and lift follow the case and the region; acknowledging an alert too', () => {
    const live = { regionCode: inCounty, status: 'approved', suspendedAt: null };
    const held = { ...live, suspendedAt: new Date() };
    assert.deepEqual(
      [county, otherCounty, admin].map((a) => [
        canSuspend(a, live, 'listing'),
        canLift(a, live),
        canSuspend(a, held, 'listing'),
        canLift(a, held),
      ]),
      [
        [true, false, false, true],
        [false, false, false, false],
        [false, false, false, false],
      ],
    );
    const alert = { regionCode: inCounty, acknowledgedAt: null };
    assert.deepEqual(
      [county, otherCounty, admin].map((a) => canAcknowledge(a, alert)),
      [true, false, false],
    );
    assert.equal(canAcknowledge(county, { ...alert, acknowledgedAt: new Date() }), false, 'once');
  });

  it('when someone opens a report, then its author and the overseers whose region holds its place see it', () => {
    const report = { userId: county.id, placeCode: '440205' };
    assert.deepEqual(
      [county, otherCounty, city, admin, actor('officer', null, county.id)].map((a) => maySeeReport(a, report)),
      [true, false, true, true, true],
      'the author, whatever their role now',
    );
  });
});
