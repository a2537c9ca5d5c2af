import assert from 'node:assert/strict';
import type { Actor } from '../../server/kernel/actor';
import { identityShown, maskIdNumber, membersShown, redactForTrail } from '../../server/kernel/personal-data';
import { makeIdNumber } from '../../server/demo/id-gen';

// Rule 14 and 个人信息保护法 §51: a masked ID number, with what is shown beside it, must not give
// the full number back. The birth date is the 8 digits the mask hides, so it goes too.

const actor = (role: Actor['role'], collectiveId: string | null = null): Actor => ({
  id: 'u',
  role,
  username: 'u',
  displayName: 'u',
  regionCode: role === 'bureau' ? '440200' : null,
  collectiveId,
  householdId: null,
  memberId: null,
});

describe('Personal data: what of an ID number is shown (rule 14)', () => {
  const id = makeIdNumber('440203', '1968-03-12', 31, 'M');
  const person = { idNumber: id, birthDate: '1968-03-12' };
  // 12:00 on 2026-03-11 in Shanghai: the day before the 58th birthday.
  const at = new Date('2026-03-11T04:00:00Z');

  it('when an ID number is masked, then only the region and the check character remain: neither the birth date nor the sequence digits', () => {
    const masked = maskIdNumber(id);
    assert.equal(masked, `440203***********${id.slice(-1)}`);
    assert.equal(masked.length, 18);
    assert.ok(!masked.includes('19680312') && !masked.includes(id.slice(14, 17)));
    assert.equal(maskIdNumber('11010519491231002X'), '110105***********X');
  });

  it("when someone other than an officer of the household's collective asks, then the number is masked and the age replaces the birth date", () => {
    for (const a of [actor('bureau'), actor('admin'), actor('farmer'), actor('officer', 'other-collective')]) {
      assert.deepEqual(
        identityShown(a, { collectiveId: 'c1' }, person, at),
        { idNumber: maskIdNumber(id), idNumberMasked: true, birthDate: null, age: 57 },
        a.role,
      );
    }
  });

  it("when an officer of the household's collective asks, then the full number and birth date are shown; the age counts days in Beijing time", () => {
    assert.deepEqual(identityShown(actor('officer', 'c1'), { collectiveId: 'c1' }, person, at), {
      idNumber: id,
      idNumberMasked: false,
      birthDate: '1968-03-12',
      age: 57,
    });
    // 2026-03-11 16:00 UTC is already 2026-03-12 in Shanghai: the birthday.
    assert.equal(identityShown(actor('bureau'), { collectiveId: 'c1' }, person, new Date('2026-03-11T16:00:00Z')).age, 58);
  });

  it('when members are shown, then the stored number and birth date are replaced, and nothing else of the row changes', () => {
    const [m] = membersShown(actor('bureau'), { collectiveId: 'c1' }, [{ ...person, id: 'm1', name: '李建国' }], at);
    assert.deepEqual(m, { id: 'm1', name: '李建国', idNumber: maskIdNumber(id), idNumberMasked: true, birthDate: null, age: 57 });
  });

  it('when trail entries hold ID numbers in any older form, then they are shown masked anew, birth dates cut to the year', () => {
    const old = {
      name: '李建国',
      idNumber: `${id.slice(0, 6)}…${id.slice(-4)}`,
      nested: [{ idNumber: id, birthDate: '1968-03-12' }],
      added: { idNumber: `${id.slice(0, 6)}…` },
    };
    assert.deepEqual(redactForTrail(old), {
      name: '李建国',
      idNumber: maskIdNumber(id),
      nested: [{ idNumber: maskIdNumber(id), birthDate: '1968' }],
      added: { idNumber: '440203************' },
    });
    assert.equal(redactForTrail(null), null);
  });
});
