import assert from 'node:assert/strict';
import request from 'supertest';
import type { Handle } from '../../server/platform/db';
import { freshDb } from '../helpers/db';
import { testApp } from '../helpers/http';

// Issue 20: help explains objections (异议) in plain words, in Chinese first and in English: what
// one is, who may lodge it, what happens to the listing, how long, and what a family member must
// do after "I did not consent" (rule 2). Public, like the rest of /help.

describe('Help: objections during the notice period (rules 2, 8; issue 20)', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  before(async () => {
    h = await freshDb();
    app = testApp(h.db);
  });
  after(async () => {
    await h.close();
  });

  it('when anyone opens /help, then the objections section says who may object, that the listing pauses, how long, and that only the member can consent again', async () => {
    const res = await request(app).get('/help').expect(200);
    assert.match(res.text, /<a href="#objections">挂牌异议：公示期内发现问题怎么办<\/a>/);
    assert.match(res.text, /<section id="objections"/);
    for (const words of [
      '转出户的家庭成员（用本人的账户）；本集体的其他农户；村集体经办人',
      '挂牌马上暂停：不能报价、加价，不能确定买方，也不能签合同',
      '公示期按暂停的时间顺延',
      '法律没有规定处理期限',
      '点“重新表示同意”',
      '别人（包括户主）不能替您重新同意',
    ]) {
      assert.ok(res.text.includes(words), words);
    }
    assert.doesNotMatch(res.text, /objectionHelp\./, 'no key shows instead of words');
  });

  it('when the reader chose English, then the same section is in English', async () => {
    const res = await request(app).get('/help/officer').set('Cookie', 'lang=en').expect(200);
    assert.match(res.text, /Objections: when something is wrong with a published listing/);
    assert.match(res.text, /Nobody else \(not even the head of the household\) can consent for you/);
    assert.match(res.text, /extended by the time it was paused/);
    assert.doesNotMatch(res.text, /objectionHelp\./);
  });
});
