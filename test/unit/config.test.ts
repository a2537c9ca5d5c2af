import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../server/platform/config';

describe('Configuration', () => {
  it('when nothing is set, then the embedded database in ./data and port 3000 are used', () => {
    const c = loadConfig({});
    assert.equal(c.databaseUrl, undefined);
    assert.equal(c.dataDir, './data');
    assert.equal(c.port, 3000);
  });

  it('when a value is malformed, then start-up stops with a message naming it', () => {
    assert.throws(
      () => loadConfig({ PORT: 'eighty' }),
      (e: Error) => e instanceof ConfigError && /PORT/.test(e.message),
    );
    assert.throws(
      () => loadConfig({ DATABASE_URL: 'mysql://x' }),
      (e: Error) => e instanceof ConfigError && /DATABASE_URL/.test(e.message),
    );
  });

  it('when running in production without a session secret, then start-up stops', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production' }),
      (e: Error) => /SESSION_SECRET/.test(e.message),
    );
    assert.equal(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), AUDIT_KEY: 'k'.repeat(32) }).env, 'production');
  });

  it('when several web workers are asked for, then a PostgreSQL server is required (the embedded database belongs to one process)', () => {
    assert.throws(
      () => loadConfig({ WEB_CONCURRENCY: '2' }),
      (e: Error) => e instanceof ConfigError && /WEB_CONCURRENCY/.test(e.message),
    );
    assert.equal(loadConfig({ WEB_CONCURRENCY: '2', DATABASE_URL: 'postgres://localhost/x' }).workers, 2);
    assert.equal(loadConfig({}).workers, 1);
    assert.throws(
      () => loadConfig({ WEB_CONCURRENCY: '0', DATABASE_URL: 'postgres://localhost/x' }),
      (e: Error) => /WEB_CONCURRENCY/.test(e.message),
    );
  });

  it('when a proxy on another host forwards the requests, then it is named in TRUST_PROXY; anything but addresses, subnets and their names is refused (a client must not choose its own address)', () => {
    assert.deepEqual(loadConfig({}).trustProxy, ['loopback']);
    assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.5, 192.168.0.0/16,loopback' }).trustProxy, [
      '10.0.0.5',
      '192.168.0.0/16',
      'loopback',
    ]);
    for (const bad of ['true', '*', '1', '10.0.0.5,everyone']) {
      assert.throws(
        () => loadConfig({ TRUST_PROXY: bad }),
        (e: Error) => e instanceof ConfigError && /TRUST_PROXY/.test(e.message),
        bad,
      );
    }
  });
});

describe("Configuration of the trail's protection and the database limits", () => {
  const prod = { NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40) };
  const refusal = (env: Record<string, string>, what: RegExp) =>
    assert.throws(
      () => loadConfig(env),
      (e: Error) => e instanceof ConfigError && what.test(e.message),
    );

  it('when running in production, then AUDIT_KEY is required, 32 characters at least, and not the session secret', () => {
    refusal(prod, /AUDIT_KEY: required in production/);
    refusal({ ...prod, AUDIT_KEY: 'short' }, /AUDIT_KEY: must be at least 32 characters/);
    refusal({ ...prod, AUDIT_KEY: 's'.repeat(40) }, /AUDIT_KEY: must differ from SESSION_SECRET/);
    assert.equal(loadConfig({ ...prod, AUDIT_KEY: 'k'.repeat(40) }).auditKey, 'k'.repeat(40));
  });

  it("when running in production on a PostgreSQL server, then the tables' owner has its own URL and the app another role", () => {
    const withKey = { ...prod, AUDIT_KEY: 'k'.repeat(40) };
    refusal({ ...withKey, DATABASE_URL: 'postgres://app@db/sanquan' }, /DATABASE_OWNER_URL: required in production with DATABASE_URL/);
    refusal(
      { ...withKey, DATABASE_URL: 'postgres://owner:a@db/sanquan', DATABASE_OWNER_URL: 'postgres://owner:b@db/sanquan' },
      /DATABASE_URL: must name another role than DATABASE_OWNER_URL/,
    );
    const c = loadConfig({ ...withKey, DATABASE_URL: 'postgres://app@db/sanquan', DATABASE_OWNER_URL: 'postgres://owner@db/sanquan' });
    assert.equal(c.databaseOwnerUrl, 'postgres://owner@db/sanquan');
    refusal({ DATABASE_OWNER_URL: 'postgres://owner@db/sanquan' }, /DATABASE_OWNER_URL: only together with DATABASE_URL/);
  });

  it('when nothing is set, then development has a key of its own, anchors go to DATA_DIR/audit-anchors, and the database limits have their defaults', () => {
    const c = loadConfig({ DATA_DIR: '/srv/sanquan' });
    assert.ok(c.auditKey.length >= 32);
    assert.notEqual(c.auditKey, c.sessionSecret);
    assert.equal(c.anchorDir, '/srv/sanquan/audit-anchors');
    assert.equal(c.anchorMinutes, 15);
    assert.deepEqual(c.db, { connectMs: 5000, statementMs: 30000, idleInTransactionMs: 60000 });
    assert.deepEqual(loadConfig({ DB_STATEMENT_TIMEOUT_MS: '120000', AUDIT_ANCHOR_DIR: '/mnt/worm/anchors' }).db.statementMs, 120000);
    refusal({ DB_CONNECT_TIMEOUT_MS: 'soon' }, /DB_CONNECT_TIMEOUT_MS/);
  });
});
