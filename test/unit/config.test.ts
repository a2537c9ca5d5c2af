import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../server/config';

describe('Configuration', () => {
  it('when nothing is set, then the embedded database in ./data and port 3000 are used', () => {
    const c = loadConfig({});
    assert.equal(c.databaseUrl, undefined);
    assert.equal(c.dataDir, './data');
    assert.equal(c.port, 3000);
  });

  it('when a value is malformed, then start-up stops with a message naming it', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty' }), (e: Error) => e instanceof ConfigError && /PORT/.test(e.message));
    assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), (e: Error) => e instanceof ConfigError && /DATABASE_URL/.test(e.message));
  });

  it('when running in production without a session secret, then start-up stops', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), (e: Error) => /SESSION_SECRET/.test(e.message));
    assert.equal(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) }).env, 'production');
  });

  it('when several web workers are asked for, then a PostgreSQL server is required (the embedded database belongs to one process)', () => {
    assert.throws(() => loadConfig({ WEB_CONCURRENCY: '2' }), (e: Error) => e instanceof ConfigError && /WEB_CONCURRENCY/.test(e.message));
    assert.equal(loadConfig({ WEB_CONCURRENCY: '2', DATABASE_URL: 'postgres://localhost/x' }).workers, 2);
    assert.equal(loadConfig({}).workers, 1);
    assert.throws(() => loadConfig({ WEB_CONCURRENCY: '0', DATABASE_URL: 'postgres://localhost/x' }), (e: Error) => /WEB_CONCURRENCY/.test(e.message));
  });

  it('when a proxy on another host forwards the requests, then it is named in TRUST_PROXY; anything but addresses, subnets and their names is refused (a client must not choose its own address)', () => {
    assert.deepEqual(loadConfig({}).trustProxy, ['loopback']);
    assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.5, 192.168.0.0/16,loopback' }).trustProxy, ['10.0.0.5', '192.168.0.0/16', 'loopback']);
    for (const bad of ['true', '*', '1', '10.0.0.5,everyone']) {
      assert.throws(() => loadConfig({ TRUST_PROXY: bad }), (e: Error) => e instanceof ConfigError && /TRUST_PROXY/.test(e.message), bad);
    }
  });
});
