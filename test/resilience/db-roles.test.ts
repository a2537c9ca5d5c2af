import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDb, rows, type Handle } from '../../server/platform/db';
import { trailExposure } from '../../server/platform/db-roles';
import { recordAudit } from '../../server/kernel/audit';
import { writeAnchor } from '../../server/kernel/audit-anchors';
import { verifyWithAnchors } from '../../server/kernel/audit-verify';
import { asOwner, freshDb, freshDbWithRoles } from '../helpers/db';
import { npmRun } from '../helpers/db-snapshot';
import { startExpectingExit, startServer } from '../helpers/spawn-server';

// The app runs as a database role that does not own the tables (server/platform/db-roles.ts): the owner
// migrates and grants, the app reads and writes the registry and only reads and appends the
// trail. Production refuses to start when the app's role could alter the trail.

describe('Database roles: the app does not own the audit trail', function () {
  this.timeout(120_000);

  describe('either database', () => {
    let h: Handle & { url?: string; ownerUrl?: string };
    before(async () => {
      h = await freshDbWithRoles();
    });
    after(async () => h.close());

    it('when the app opens its database, then its role can only read and append the trail, while the owner could alter it', async () => {
      assert.deepEqual((await trailExposure(h.db)).reasons, []);
      const owner = await asOwner(h, (db) => trailExposure(db));
      assert.ok(owner.reasons.includes('owner of audit_log') || owner.reasons.includes('superuser'), owner.reasons.join());
      // What the app needs still works under its role: a write with its trail entry, a read back.
      await recordAudit(h.db, null, { action: 'region.update', entityType: 'region', entityId: '440203', regionCode: '440203' });
      const [n] = await rows<{ n: number }>(h.db, sql`select count(*)::int as n from audit_log where entity_id = '440203'`);
      assert.equal(n.n, 1);
    });

    it('when a development database has one URL that owns everything, then the app is told it can alter the trail', async () => {
      const dev = await freshDb({ as: 'owner' });
      try {
        assert.notDeepEqual((await trailExposure(dev.db)).reasons, []);
      } finally {
        await dev.close();
      }
    });
  });

  const server = process.env.DATABASE_URL;
  if (!server) return;

  describe('a PostgreSQL server with an owner role and an app role', () => {
    let h: Handle & { url?: string; ownerUrl?: string; roles?: { owner: string; app: string } };
    const prod = { NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40), AUDIT_KEY: 'k'.repeat(40), LOG_LEVEL: 'warn' };
    before(async () => {
      h = await freshDbWithRoles();
    });
    after(async () => h.close());

    async function asSuperuser(statement: string): Promise<void> {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      try {
        await c.query(statement);
      } finally {
        await c.end();
      }
    }

    it('when the app role can become the owner, then production refuses to start, saying why; with a role of its own it starts and is ready', async () => {
      await asSuperuser(`grant ${h.roles!.owner} to ${h.roles!.app}`);
      const refused = await startExpectingExit({ ...prod, DATABASE_URL: h.url!, DATABASE_OWNER_URL: h.ownerUrl! });
      await asSuperuser(`revoke ${h.roles!.owner} from ${h.roles!.app}`);
      assert.equal(refused.code, 2, refused.output);
      assert.match(refused.output, new RegExp(`应用的数据库用户 ${h.roles!.app} 可以改动审计日志（owner of audit_log`));
      assert.match(refused.output, new RegExp(`The app's database role ${h.roles!.app} can alter the audit trail \\(owner of audit_log`));

      const srv = await startServer({ ...prod, DATABASE_URL: h.url!, DATABASE_OWNER_URL: h.ownerUrl! });
      try {
        const ready = await fetch(`${srv.url}/readyz`);
        assert.equal(ready.status, 200);
      } finally {
        await srv.kill();
      }
    });

    it('when backed up and restored as the owner, then the app role gets its grants back at its next start, and the restore is anchored so verification does not take it for a cut tail', async () => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sq-roles-backup-'));
      const env = { DATABASE_URL: h.url!, DATABASE_OWNER_URL: h.ownerUrl!, AUDIT_ANCHOR_DIR: path.join(root, 'anchors') };
      try {
        const b = await npmRun('backup', ['--out', path.join(root, 'b.sqbak')], env);
        assert.equal(b.code, 0, b.stderr);
        // The trail moves on after the backup and is anchored there: the restore goes back before it.
        await recordAudit(h.db, null, { action: 'region.update', entityType: 'region', entityId: 'after-backup', regionCode: '440203' });
        assert.ok(await writeAnchor(h.db, env.AUDIT_ANCHOR_DIR));
        const r = await npmRun('restore', ['--from', path.join(root, 'b.sqbak'), '--force'], env);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /restore anchored at entry \d+/);
        // The restore loads the tables as the owner, without grants (pg_restore --no-acl)...
        await assert.rejects(
          recordAudit(h.db, null, { action: 'region.update', entityType: 'region', entityId: 'x', regionCode: '440203' }),
          (e: Error & { cause?: Error }) => /permission denied/.test(`${e.message} ${e.cause?.message}`),
        );
        // ...and the app's next start grants them again.
        const again = await openDb({ url: h.url!, ownerUrl: h.ownerUrl! });
        try {
          assert.deepEqual((await trailExposure(again.db)).reasons, []);
          await recordAudit(again.db, null, {
            action: 'region.update',
            entityType: 'region',
            entityId: 'after-restore',
            regionCode: '440203',
          });
          const v = await verifyWithAnchors(again.db, env.AUDIT_ANCHOR_DIR);
          assert.deepEqual(v.findings, []);
          assert.equal(v.ok, true);
          assert.ok(v.anchors.restoredAt && v.anchors.superseded >= 1, 'the anchor made before the restore is history');
        } finally {
          await again.close();
        }
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  });
});
