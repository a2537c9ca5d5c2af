import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Express } from 'express';
import { rows, type Db, type Handle } from '../../server/platform/db';
import { recordAudit } from '../../server/kernel/audit';
import { asOwner, freshDbWithRoles } from '../helpers/db';
import { makeUser } from '../helpers/factories';
import { loginAs, postForm, testApp, type Agent } from '../helpers/http';

// Rule 12 and the trail's promise (ARCHITECTURE: "the audit trail is insert-only"), tried as
// someone who holds the database but not the app's secrets: the tables' owner (a stolen owner
// password, an operator gone bad). The app's own role cannot touch the trail; the owner can, and
// then the keyed chain and the anchors kept outside the database must give it away.

type Row = {
  seq: number;
  at: Date;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  collective_id: string | null;
  region_code: string | null;
  household_id: string | null;
  right_id: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  prev_hash: string;
  hash: string;
};

/** The hash the published code of the first releases used: what an attacker without AUDIT_KEY can compute. */
function plainHash(prev: string, r: Row): string {
  const canonical = (v: unknown): string => {
    if (v === null || v === undefined) return 'null';
    if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
    if (v instanceof Date) return JSON.stringify(v.toISOString());
    if (typeof v === 'object') {
      const o = v as Record<string, unknown>;
      return `{${Object.keys(o)
        .sort()
        .filter((k) => o[k] !== undefined)
        .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
        .join(',')}}`;
    }
    return JSON.stringify(v);
  };
  const fields = {
    at: new Date(r.at).toISOString(),
    actorId: r.actor_id,
    actorRole: r.actor_role,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    collectiveId: r.collective_id,
    regionCode: r.region_code,
    householdId: r.household_id,
    rightId: r.right_id,
    before: r.before,
    after: r.after,
    reason: r.reason,
  };
  return createHash('sha256').update(prev).update('\n').update(canonical(fields)).digest('hex');
}

/** As the owner: the trigger off, `reason` of entry `seq` changed, that entry and every later one relinked, the trigger on. */
async function rewriteFrom(db: Db, seq: number, hashOf: (prev: string, r: Row) => string, extra = sql``): Promise<void> {
  await db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
  await db.execute(sql`update audit_log set reason = '价格已核实' where seq = ${seq}`);
  const chain = await rows<Row>(db, sql`select * from audit_log where seq >= ${seq} order by seq`);
  let [{ prev }] = await rows<{ prev: string }>(db, sql`select prev_hash as prev from audit_log where seq = ${seq}`);
  for (const r of chain) {
    const hash = hashOf(prev, r);
    await db.execute(sql`update audit_log set prev_hash = ${prev}, hash = ${hash} ${extra} where seq = ${r.seq}`);
    prev = hash;
  }
  await db.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
}

/** PostgreSQL's own refusal (drizzle wraps it: "Failed query", with the database's error as the cause). */
async function refused(query: Promise<unknown>, reason: RegExp): Promise<void> {
  await assert.rejects(query, (e: Error & { cause?: Error }) => reason.test(`${e.message}\n${e.cause?.message ?? ''}`));
}

describe('The audit trail against someone who holds the database (rule 12: a cut or rewritten trail is seen)', function () {
  this.timeout(60_000);
  let h: Handle & { url?: string; ownerUrl?: string };
  let app: Express;
  let bureau: Agent;
  let anchors: string;
  const region = '440203';

  async function entries(n: number): Promise<number> {
    for (let i = 0; i < n; i++)
      await recordAudit(h.db, null, {
        action: 'deal.register',
        entityType: 'deal',
        entityId: `d-${Date.now()}-${i}`,
        regionCode: region,
        reason: '登记',
      });
    const [last] = await rows<{ seq: number }>(h.db, sql`select max(seq)::int as seq from audit_log`);
    return last.seq;
  }
  const verify = () => postForm(bureau, '/oversight/audit/verify', {});
  const count = async () => (await rows<{ n: number }>(h.db, sql`select count(*)::int as n from audit_log`))[0].n;

  beforeEach(async () => {
    h = await freshDbWithRoles();
    anchors = fs.mkdtempSync(path.join(os.tmpdir(), 'sq-anchors-test-'));
    app = testApp(h.db, { AUDIT_ANCHOR_DIR: anchors });
    bureau = await loginAs(app, (await makeUser(h.db, 'bureau', { regionCode: region })).user.username);
  });
  afterEach(async () => {
    await h.close();
    fs.rmSync(anchors, { recursive: true, force: true });
  });

  it("when the app's own database role tries to switch the trail's trigger off, delete, change or empty it, then PostgreSQL refuses, and the trail is whole", async () => {
    const head = await entries(3);
    await refused(h.db.execute(sql`alter table audit_log disable trigger audit_log_no_update`), /must be owner of table audit_log/);
    await refused(h.db.execute(sql`delete from audit_log where seq = ${head}`), /permission denied for table audit_log/);
    await refused(h.db.execute(sql`update audit_log set reason = 'x' where seq = ${head}`), /permission denied for table audit_log/);
    await refused(h.db.execute(sql`truncate audit_log`), /permission denied for table audit_log/);
    await refused(h.db.execute(sql`set session_replication_role = replica`), /permission denied to set parameter/);
    assert.equal(await count(), head);
    assert.match((await verify()).text, new RegExp(`校验通过：${head} 条记录完整`));
  });

  it('when the owner deletes the newest entries after the head was anchored, then verification reports a cut tail in plain words; entries written after the cut do not hide it', async () => {
    const head = await entries(6);
    const first = await verify();
    assert.match(first.text, new RegExp(`校验通过：${head} 条记录完整`));
    assert.match(first.text, new RegExp(`当前末条（第 ${head} 条）已签名并锚定在数据库之外`));
    assert.equal(fs.readdirSync(anchors).length, 1, 'one anchor file, outside the database');

    await asOwner(h, async (db) => {
      await db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
      await db.execute(sql`delete from audit_log where seq > ${head - 3}`);
      await db.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
    });
    assert.equal(await count(), head - 3, 'the owner could delete');
    const cut = await verify();
    assert.equal(cut.status, 200);
    assert.doesNotMatch(cut.text, /校验通过/);
    assert.match(
      cut.text,
      new RegExp(
        `末尾的记录被删除了：日志现在止于第 ${head - 3} 条，而 .+ 的锚点表明当时已有第 ${head} 条。第 ${head - 2} 至 ${head} 条已不在数据库中。`,
      ),
    );
    const en = await bureau
      .post('/oversight/audit/verify')
      .set('Cookie', 'lang=en')
      .type('form')
      .send({ _csrf: await bureau.csrf() });
    assert.match(
      en.text,
      new RegExp(
        `The newest entries were cut off: the trail now ends at entry ${head - 3}, but the anchor of .+ shows it had reached entry ${head}\\.`,
      ),
    );

    // The app writes on; the sequence has moved past the cut, so the chain links up again, but the anchored entry is gone.
    await entries(4);
    const later = await verify();
    assert.doesNotMatch(later.text, /校验通过/);
    assert.match(later.text, new RegExp(`第 ${head} 条记录被删除了`));
  });

  it('when the owner rewrites an entry and relinks every later one with the plain SHA-256 the code publishes, then verification names that entry', async () => {
    const head = await entries(5);
    const victim = head - 2;
    await asOwner(h, (db) => rewriteFrom(db, victim, plainHash));
    const [stored] = await rows<{ reason: string }>(h.db, sql`select reason from audit_log where seq = ${victim}`);
    assert.equal(stored.reason, '价格已核实', 'the rewrite is in the database');
    const res = await verify();
    assert.match(res.text, new RegExp(`校验失败：第 ${victim} 条记录的链接或内容不符（此前 ${victim - 1} 条完整）`));
  });

  it('when the owner marks rewritten entries as old unkeyed ones, then the downgrade is a break too; an anchored entry rewritten is named as rewritten', async () => {
    const head = await entries(5);
    await verify(); // anchors the head
    const victim = head - 1;
    await asOwner(h, (db) => rewriteFrom(db, victim, plainHash, sql`, key_version = 0`));
    const res = await verify();
    assert.match(res.text, new RegExp(`校验失败：第 ${victim} 条记录的链接或内容不符`));
    assert.match(res.text, new RegExp(`第 ${head} 条记录被改写过：它与 .+ 锚定时的内容不同`));
  });

  it('when the anchor folder cannot be written, then the verdict still shows, and says the head was not anchored', async () => {
    await entries(2);
    const blocked = path.join(anchors, 'a-file');
    fs.writeFileSync(blocked, '');
    const agent = await loginAs(
      testApp(h.db, { AUDIT_ANCHOR_DIR: path.join(blocked, 'anchors') }),
      (await makeUser(h.db, 'bureau', { regionCode: region })).user.username,
    );
    const res = await postForm(agent, '/oversight/audit/verify', {});
    assert.equal(res.status, 200);
    assert.match(res.text, new RegExp(`校验通过：${await count()} 条记录完整`));
    assert.match(res.text, /当前末条未能锚定：锚点目录（AUDIT_ANCHOR_DIR）无法写入/);
  });

  it('when an anchor line is forged or altered, then verification names the file and line and does not pass', async () => {
    const head = await entries(3);
    await verify();
    const file = fs.readdirSync(anchors)[0];
    const line = JSON.parse(fs.readFileSync(path.join(anchors, file), 'utf8').trim()) as Record<string, unknown>;
    // Someone without the key claims an earlier head, so that a later cut would not show.
    fs.appendFileSync(path.join(anchors, file), `${JSON.stringify({ ...line, seq: head - 1 })}\n`);
    const res = await verify();
    assert.doesNotMatch(res.text, /校验通过/);
    assert.match(res.text, new RegExp(`锚点文件 ${file} 第 2 行的签名不符：该行被伪造或改动过`));
  });
});
