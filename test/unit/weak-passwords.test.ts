import assert from 'node:assert/strict';
import { passwordProblem } from '../../server/accounts/passwords';
import { temporaryPassword } from '../../server/accounts/temp-password';

// Password rules (server/accounts/passwords.ts, weak-passwords.ts): length and letters-and-digits
// first, then the user's own name, then zxcvbn's guess estimate with real leaked-password lists.
describe('Password rules: common passwords and the username are refused', () => {
  it('when a password is short or lacks letters or digits, then the basic rule refuses it', () => {
    for (const p of ['short1', 'onlyletterslong', '12345678901234']) assert.equal(passwordProblem(p, 'x'), 'passwordRules', p);
  });

  it('when a password is on the common list, a common word with digits, or a run of digits with a letter, then it is refused as common', () => {
    for (const p of [
      'Password123',
      'PASSWORD2026',
      'woaini1314',
      'Qwerty123456',
      'a123456789',
      '1234567890a',
      'Sanquan2026',
      'admin2026000',
      'zz9876543210',
    ]) {
      assert.equal(passwordProblem(p, 'someone'), 'passwordCommon', p);
    }
  });

  it('when a password is a leaked or common word with a year and a symbol, a keyboard row, or a repeat (issue 13), then it is refused as common', () => {
    for (const p of [
      'Sanquan2026!',
      'Password2026!',
      'Qwerty123456!',
      'Aa1Aa1Aa1Aa1',
      'P@ssw0rd2026',
      'Shaoguan2026!',
      '1qaz2wsx3edc4rfv',
      'Wang19850312',
      'Tian7ming-qiao3',
    ]) {
      assert.equal(passwordProblem(p, 'someone'), 'passwordCommon', p);
    }
  });

  it('when a long password is checked, then only its first 64 characters are judged, quickly (no event-loop stall)', () => {
    // Not a timing assertion: the 64-character cut is what keeps it fast; this shows the cut holds the verdict.
    assert.equal(passwordProblem('a1'.repeat(100), 'x'), 'passwordCommon');
    assert.equal(passwordProblem(`hui3zhou8shan5${'a1'.repeat(90)}`, 'x'), null);
  });

  it('when a password contains the username (either way round), then it is refused', () => {
    assert.equal(passwordProblem('farmer_li2026x', 'farmer_li'), 'passwordHasUsername');
    assert.equal(passwordProblem('X9il_remraf00', 'farmer_li'), 'passwordHasUsername');
  });

  it('when a password is long, mixed and personal, then it passes; so do the generated temporary passwords', () => {
    for (const p of ['Nongfu2026ok', 'Mountain7river3', 'NewPassw0rd2026', 'hui3zhou8shan5', 'Qiaotou8cun5lu'])
      assert.equal(passwordProblem(p, 'farmer_li'), null, p);
    for (let i = 0; i < 200; i++) assert.equal(passwordProblem(temporaryPassword(), 'farmer_li'), null);
  });
});
