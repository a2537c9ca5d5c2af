import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../server/platform/config';
import { maskPhone, normalizeMobile } from '../../server/kernel/phone';
import { seal, unseal } from '../../server/platform/outbox/seal';
import { normalizeIp } from '../../server/platform/request-origin';

// The SMS channel's settings (server/platform/config.ts) and the small helpers its messages rely on.

const PROD = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), AUDIT_KEY: 'k'.repeat(40) };

describe('SMS settings and helpers', () => {
  it('when nothing is set, then development and tests write to the file sink in DATA_DIR, and production sends nothing', () => {
    assert.deepEqual(loadConfig({ DATA_DIR: '/srv/sq' }).sms, { provider: 'file', file: '/srv/sq/sms-outbox.jsonl' });
    assert.deepEqual(loadConfig({ NODE_ENV: 'test' }).sms.provider, 'file');
    assert.deepEqual(loadConfig(PROD).sms, { provider: 'none' });
  });

  it('when production asks for the file sink, then start-up stops: it would show activation codes to officers (rule 2)', () => {
    assert.throws(
      () => loadConfig({ ...PROD, SMS_PROVIDER: 'file' }),
      (e: Error) => e instanceof ConfigError && /SMS_PROVIDER/.test(e.message),
    );
  });

  it('when the HTTP gateway is chosen, then it needs a URL, https in production, and takes the token', () => {
    assert.throws(
      () => loadConfig({ SMS_PROVIDER: 'http' }),
      (e: Error) => e instanceof ConfigError && /SMS_HTTP_URL/.test(e.message),
    );
    assert.throws(
      () => loadConfig({ ...PROD, SMS_PROVIDER: 'http', SMS_HTTP_URL: 'http://sms.example.cn/send' }),
      (e: Error) => e instanceof ConfigError && /https/.test(e.message),
    );
    assert.throws(
      () => loadConfig({ SMS_PROVIDER: 'pigeon' }),
      (e: Error) => e instanceof ConfigError && /SMS_PROVIDER/.test(e.message),
    );
    assert.deepEqual(
      loadConfig({ ...PROD, SMS_PROVIDER: 'http', SMS_HTTP_URL: 'https://sms.example.cn/send', SMS_HTTP_TOKEN: 'tok-12345678' }).sms,
      { provider: 'http', url: 'https://sms.example.cn/send', token: 'tok-12345678' },
    );
  });

  it('when a mobile number is typed with spaces, dashes or +86, then it is stored as 11 digits; anything else is not a mobile number', () => {
    for (const typed of ['13812341234', '138 1234 1234', '+86 138-1234-1234', '0086 13812341234'])
      assert.equal(normalizeMobile(typed), '13812341234', typed);
    for (const bad of ['12812341234', '1381234123', '0751-8888888', '138123412345', '', 'abc', null])
      assert.equal(normalizeMobile(bad), null, String(bad));
    assert.equal(maskPhone('13812341234'), '138****1234');
  });

  it('when a secret is sealed, then the sealed text does not contain it and only the same key opens it', () => {
    const s = seal({ code: '12345678' });
    assert.ok(!s.includes('12345678'));
    assert.deepEqual(unseal(s), { code: '12345678' });
    assert.equal(unseal(s.slice(0, -2) + 'AA'), null);
    assert.equal(unseal('plain'), null);
  });

  it('when a client comes over IPv4 on an IPv6 socket, then its address reads as plain IPv4', () => {
    assert.equal(normalizeIp('::ffff:203.0.113.9'), '203.0.113.9');
    assert.equal(normalizeIp('2001:db8::1'), '2001:db8::1');
    assert.equal(normalizeIp(undefined), null);
  });
});
