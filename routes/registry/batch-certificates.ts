import type { RouterDeps } from '../../server/platform/deps';
import { Router, type Request } from 'express';
import { actorOf, requireRole } from '../../server/platform/auth/guards';
import { batchPreview, loadBatch, startBatchCertificates, certificateSheet } from '../../server/registry';
import { formPost } from '../../server/platform/http/forms';

// Batch work (issue 18 item 9): confirm the count, follow the job, print the batch.
export function batchCertificatesRouter(deps: RouterDeps): Router {
  const r = Router();
  const previewLocals = async (req: Request) => ({ title: req.t('desk.batch.title'), preview: await batchPreview(deps.db, actorOf(req)) });

  r.get('/certificate-batches', requireRole('officer'), async (req, res) => {
    res.render('registry/certificate-batch', { ...(await previewLocals(req)), values: {}, errors: {} });
  });
  r.post(
    '/certificate-batches',
    requireRole('officer'),
    formPost('registry/certificate-batch', previewLocals, async (req, res) => {
      const job = await startBatchCertificates(deps.db, actorOf(req), req.body, deps.clock.now(), (err) =>
        req.log.error({ err }, 'certificate batch failed'),
      );
      res.redirect(303, `/certificate-batches/${job.id}`);
    }),
  );
  // Any signed-in user may ask; the use case answers 404 unless the batch is of their collective.
  r.get('/certificate-batches/:id', async (req, res) => {
    const job = await loadBatch(deps.db, actorOf(req), req.params.id as string);
    const running = job.status === 'running';
    res.render('registry/certificate-batch-job', { title: req.t('desk.batch.job'), job, running, refreshSeconds: running ? 2 : undefined });
  });
  r.get('/certificate-batches/:id/print', async (req, res) => {
    const actor = actorOf(req);
    const job = await loadBatch(deps.db, actor, req.params.id as string);
    const at = deps.clock.now();
    const sheets = [];
    for (const id of job.certificateIds) sheets.push(await certificateSheet(deps.db, actor, id, deps.config.publicBaseUrl, at));
    res.render('registry/certificate-batch-print', {
      title: req.t('desk.batch.printTitle', { count: sheets.length }),
      job,
      sheets,
      bodyClass: 'print-page',
    });
  });
  return r;
}
