import assert from 'node:assert/strict';
import { passwordProblem } from '../../server/auth/passwords';
import { temporaryPassword } from '../../server/auth/temp-password';

// Password rules (server/auth/passwords.ts, weak-passwords.ts): length and letters-and-digits
// first, then the short list of first guesses and the user's own name.
describe('Password rules: common passwords and the username are refused', () => {
  it('when a password is short or lacks letters or digits, then the basic rule refuses it', () => {
    for (const p of ['short1', 'onlyletterslong', '12345678901234']) assert.equal(passwordProblem(p, 'x'), 'passwordRules', p);
  });

  it('when a password is on the common list, a common word with digits, or a run of digits with a letter, then it is refused as common', () => {
    for (const p of ['Password123', 'PASSWORD2026', 'woaini1314', 'Qwerty123456', 'a123456789', '1234567890a', 'Sanquan2026', 'admin2026000', 'zz9876543210']) {
      assert.equal(passwordProblem(p, 'someone'), 'passwordCommon', p);
    }
  });

  it('when a password contains the username (either way round), then it is refused', () => {
    assert.equal(passwordProblem('farmer_li2026x', 'farmer_li'), 'passwordHasUsername');
    assert.equal(passwordProblem('X9il_remraf00', 'farmer_li'), 'passwordHasUsername');
  });

  it('when a password is long, mixed and personal, then it passes; so do the generated temporary passwords', () => {
    for (const p of ['Nongfu2026ok', 'MyOwnPassw0rd', 'NewPassw0rd2026', 'hui3zhou8shan5']) assert.equal(passwordProblem(p, 'farmer_li'), null, p);
    for (let i = 0; i < 200; i++) assert.equal(passwordProblem(temporaryPassword(), 'farmer_li'), null);
  });
});
