import assert from 'node:assert/strict';
import type { Request } from 'express';
import { ConfigError, loadConfig } from '../../server/platform/config';
import type { Db } from '../../server/platform/db';
import { insertFence, lsnOf, lsnText } from '../../server/platform/lsn';
import { Reads } from '../../server/platform/reads';

// Read replicas (README "Read replicas"); the routing on a real replica is test/resilience/replica.test.ts.

describe('Read replicas: configuration and WAL positions', () => {
  it('when DATABASE_READ_URL names one replica or several, then each is a read pool; without DATABASE_URL, or not a postgres URL, start-up stops', () => {
    const server = { DATABASE_URL: 'postgres://app@db1/sanquan' };
    assert.deepEqual(loadConfig(server).databaseReadUrls, []);
    assert.deepEqual(loadConfig({ ...server, DATABASE_READ_URL: 'postgres://app@db2/sanquan' }).databaseReadUrls, [
      'postgres://app@db2/sanquan',
    ]);
    assert.deepEqual(
      loadConfig({ ...server, DATABASE_READ_URL: ' postgres://app@db2/sanquan , postgresql://app@db3:5433/sanquan,' }).databaseReadUrls,
      ['postgres://app@db2/sanquan', 'postgresql://app@db3:5433/sanquan'],
    );
    assert.throws(
      () => loadConfig({ DATABASE_READ_URL: 'postgres://app@db2/sanquan' }),
      (e: Error) => e instanceof ConfigError && /DATABASE_READ_URL: only together with DATABASE_URL/.test(e.message),
    );
    assert.throws(
      () => loadConfig({ ...server, DATABASE_READ_URL: 'postgres://app@db2/sanquan,mysql://db3' }),
      (e: Error) => e instanceof ConfigError && /DATABASE_READ_URL/.test(e.message),
    );
  });

  it('when WAL positions are compared, then they compare as byte counts (0/FFFFFFFF before 1/0), and anything that is not one counts as 0', () => {
    assert.ok(lsnOf('0/FFFFFFFF') < lsnOf('1/0'));
    assert.ok(lsnOf('0/3430FF0') < lsnOf('0/3431F60'));
    assert.equal(lsnText(lsnOf('16/B374D848')), '16/B374D848');
    for (const bad of [null, undefined, '', 'x/y', '1/2/3', '0/123456789', "0/1' or 1=1"]) assert.equal(lsnOf(bad), 0n, String(bad));
  });

  it('when the primary reports its insert position just after a page header, then the fence is the page boundary a replica reaches', () => {
    const at = (lsn: string) => insertFence({ lsn, page: 8192, segment: String(16 * 2 ** 20) });
    // Seen on PostgreSQL 15: insert 0/3484018 while the last record (and the replica's replay) ended at 0/3484000.
    assert.equal(lsnText(at('0/3484018')), '0/3484000');
    // A segment's first page has the long header (40 bytes).
    assert.equal(lsnText(at('0/5000028')), '0/5000000');
    // Inside a page, or 40 bytes into a page that does not start a segment (a record may end there): as it is.
    assert.equal(lsnText(at('0/3484050')), '0/3484050');
    assert.equal(lsnText(at('0/3486028')), '0/3486028');
  });

  it('when no replica is configured (the embedded database, one server), then every read is the primary and nothing is noted', async () => {
    const primary = {} as Db;
    const reads = new Reads(primary);
    await reads.start();
    assert.equal(reads.replicated, false);
    assert.equal(await reads.for({ method: 'GET' } as Request), primary);
    assert.equal(reads.any(), primary);
    reads.stop();
  });
});
