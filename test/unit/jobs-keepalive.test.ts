import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { jobs } from '../../models/audit';
import type { Handle } from '../../server/platform/db';
import { createJob, finishJob, heartbeat, inBackground, KEEPALIVE_MS, liveStatus, STALE_MS } from '../../server/platform/jobs';
import { freshDb } from '../helpers/db';

// Long work can be left and come back to (issue 7): while a job runs, its process writes a sign
// of life every KEEPALIVE_MS even when the work does not move (a long query); when the process
// dies the signs stop, and the job reads as failed after STALE_MS, so that its user can start
// it again within minutes. The periods here are shortened; the rule is the same.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const signOfLife = async (h: Handle, id: string) => {
  const [j] = await h.db.select().from(jobs).where(eq(jobs.id, id));
  return { job: j, at: Date.parse((j.result as { at: string }).at) };
};

describe('Background jobs: a sign of life while the work runs, none once it has ended', () => {
  let h: Handle;
  before(async () => {
    h = await freshDb();
  });
  after(async () => {
    await h?.close();
  });

  it('the stale window spans several missed signs of life, and is minutes, not a quarter of an hour', () => {
    assert.ok(STALE_MS >= 4 * KEEPALIVE_MS, 'a busy machine that misses a beat or two is not taken for a dead one');
    assert.ok(STALE_MS <= 5 * 60_000);
  });

  it('when the work runs without progress for several periods, then its sign of life still moves and it reads as running; after it finishes, nothing more is written', async () => {
    const job = await createJob(h.db, { kind: 'export', userId: randomUUID(), result: { format: 'csv' } });
    const { at: first } = await signOfLife(h, job.id);
    let during: Awaited<ReturnType<typeof signOfLife>> | null = null;
    const done = new Promise<void>((resolve) =>
      inBackground(
        job.id,
        async () => {
          heartbeat(h.db, job.id, { format: 'csv' }, 40);
          await sleep(300); // a long step: no progress written
          during = await signOfLife(h, job.id);
          await finishJob(h.db, job.id, { status: 'succeeded', result: { format: 'csv' } });
          resolve();
        },
        (err) => {
          throw err;
        },
      ),
    );
    await done;
    assert.ok(during!.at > first, 'the sign of life moved while no progress was made');
    assert.equal(during!.job.status, 'running');
    assert.equal(liveStatus(during!.job, during!.at + STALE_MS - 1).status, 'running');
    const finished = await signOfLife(h, job.id);
    await sleep(200);
    const later = await signOfLife(h, job.id);
    assert.equal(later.job.status, 'succeeded');
    assert.equal(later.at, finished.at, 'no sign of life after the end');
  });

  it('when the work dies before it can record its end, then the signs of life stop and the job reads as failed once the stale window has passed', async () => {
    const job = await createJob(h.db, { kind: 'report', userId: randomUUID(), result: {} });
    const logged: unknown[] = [];
    await new Promise<void>((resolve) =>
      inBackground(
        job.id,
        async () => {
          heartbeat(h.db, job.id, {}, 40);
          await sleep(150);
          setTimeout(resolve, 10);
          throw new Error('the database went away');
        },
        (err) => logged.push(err),
      ),
    );
    await sleep(400); // a write already on its way when the work died may still land
    const stopped = await signOfLife(h, job.id);
    await sleep(300);
    const later = await signOfLife(h, job.id);
    assert.equal(logged.length, 1, 'the failure is logged');
    assert.equal(later.at, stopped.at, 'no sign of life after the work died');
    assert.equal(later.job.status, 'running', 'nothing recorded its end');
    assert.deepEqual(liveStatus(later.job, later.at + STALE_MS + 1), { status: 'failed', stale: true });
    assert.deepEqual(liveStatus(later.job, later.at + 1000), { status: 'running', stale: false });
  });
});
