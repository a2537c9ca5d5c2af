import assert from 'node:assert/strict';
import { isHouseholdCodeOf, isParcelCodeOf, isValidUscc, parseIdNumber, regionContains, usccCheckChar } from '../../server/kernel/codes';
import { makeCollectiveCode, makeIdNumber } from '../../server/demo/id-gen';

describe('Standard codes (rule 13)', () => {
  it('when an ID number has a correct GB 11643 check digit, then sex and birth date are derived', () => {
    // 11010519491231002X is the standard's own worked example.
    assert.deepEqual(parseIdNumber('11010519491231002X'), { sex: 'F', birthDate: '1949-12-31' });
    assert.deepEqual(parseIdNumber('11010519491231002x'), { sex: 'F', birthDate: '1949-12-31' });
  });

  it('when one digit or the check character is wrong, then the ID number is refused', () => {
    assert.equal(parseIdNumber('110105194912310021'), null);
    assert.equal(parseIdNumber('11010519491231102X'), null);
    assert.equal(parseIdNumber('1101051949123100'), null);
    assert.equal(parseIdNumber('<script>alert(1)</script>'), null);
  });

  it('when the birth date is impossible or in the future, then the ID number is refused', () => {
    const feb30 = makeIdNumber('440205', '1990-02-28', 11, 'M').replace('19900228', '19900230');
    assert.equal(parseIdNumber(feb30), null);
    assert.equal(parseIdNumber(makeIdNumber('440205', '2999-01-01', 11, 'M')), null);
  });

  it('when a collective code follows GB 32100, then its check character is accepted, and a changed one refused', () => {
    const code = makeCollectiveCode('440205', 100201);
    assert.equal(isValidUscc(code), true);
    const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    assert.equal(isValidUscc(wrong), false);
    // A published example: 91350100M000100Y43
    assert.equal(usccCheckChar('91350100M000100Y4'), '3');
    assert.equal(isValidUscc('91350100M000100Y43'), true);
  });

  it('when household and parcel codes start with the collective code, then they have the standard form', () => {
    assert.equal(isHouseholdCodeOf('440205100201000001', '440205100201'), true);
    assert.equal(isHouseholdCodeOf('440205100202000001', '440205100201'), false);
    assert.equal(isHouseholdCodeOf('440205100201000000', '440205100201'), false);
    assert.equal(isParcelCodeOf('4402051002010000001', '440205100201'), true);
    assert.equal(isParcelCodeOf('440205100201000001', '440205100201'), false);
  });

  it('when a bureau covers a city or a county, then region codes inside it are matched by prefix', () => {
    assert.equal(regionContains('440200', '440205100201'), true);
    assert.equal(regionContains('440205', '440205100201'), true);
    assert.equal(regionContains('440205', '440203100201'), false);
    assert.equal(regionContains('440200', '440100000000'), false);
  });
});
