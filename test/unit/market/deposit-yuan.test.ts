import assert from 'node:assert/strict';
import { z } from 'zod';
import { depositYuan } from '../../../server/kernel/fields';
import { MAX_FEN } from '../../../server/kernel/money';

// Issue 20: the charter's deposit (保证金) is typed in yuan on the admin collective form and in a
// charter decision (form or JSON); one field turns it into fen for both.
const schema = z.object({ deposit: depositYuan });
const parse = (deposit: unknown) => schema.safeParse({ deposit });

describe('A deposit typed in yuan becomes fen (issue 20: charter settings)', () => {
  it('when a form sends yuan with separators or decimals, or JSON sends a number, then it is the same amount in fen', () => {
    assert.deepEqual(parse('1,234.5').data, { deposit: 123_450 });
    assert.deepEqual(parse(' 2000 ').data, { deposit: 200_000 });
    assert.deepEqual(parse(1.05).data, { deposit: 105 });
    assert.deepEqual(parse(String(MAX_FEN / 100)).data, { deposit: MAX_FEN });
  });

  it('when 0 is typed, then no deposit is asked (0 fen); when the field is blank, then the setting is left as it is', () => {
    assert.deepEqual(parse('0').data, { deposit: 0 });
    assert.deepEqual(parse('0.00').data, { deposit: 0 });
    for (const blank of ['', null, undefined]) {
      const r = parse(blank);
      assert.equal(r.success, true);
      assert.equal(r.data?.deposit, undefined);
    }
  });

  it('when the amount is negative, has three decimals, is not a number or exceeds the largest amount, then it is refused as money.invalidYuan', () => {
    for (const bad of ['-1', '1.234', 'abc', '1e5', String(MAX_FEN / 100 + 1), true]) {
      const r = parse(bad);
      assert.equal(r.success, false, String(bad));
      if (typeof bad === 'string') assert.equal(r.error?.issues[0].message, 'money.invalidYuan', bad);
    }
  });
});
