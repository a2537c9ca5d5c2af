import type { RouterDeps } from '../../server/platform/deps';
import { Router, type Request, type Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { actorOf, requireRole } from '../../server/platform/auth/guards';
import {
  registerFileName,
  registerOf,
  writeRegister,
  exportFile,
  loadExport,
  recentExports,
  startExport,
  type ExportView,
  exportCommand,
} from '../../server/registry';
import { fmt } from '../../server/platform/format';
import { formPost } from '../../server/platform/http/forms';
import { submitted } from '../../server/kernel/commands';
import { progressLocals } from '../../server/platform/http/progress';

/** RFC 5987 value: percent-encoded UTF-8, with the characters encodeURIComponent leaves alone but the RFC does not allow. */
const rfc5987 = (s: string) => encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function fileHeaders(res: Response, format: 'xlsx' | 'csv', name: { utf8: string; ascii: string }) {
  res.setHeader(
    'Content-Type',
    format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
  );
  res.setHeader('Content-Disposition', `attachment; filename="${name.ascii}"; filename*=UTF-8''${rfc5987(name.utf8)}`);
  // Personal data (rule 14): not to be kept by shared caches or the browser's cache.
  res.setHeader('Cache-Control', 'no-store');
}

async function listLocals(deps: RouterDeps, req: Request) {
  const { collective, exports } = await recentExports(deps.db, actorOf(req), deps.clock.now());
  return { title: req.t('exports.title'), collectiveName: collective.name, exports };
}

function jobLocals(req: Request, job: ExportView) {
  return { title: req.t('exports.job.title'), job, ...progressLocals(job.status) };
}

export function exportsRouter(deps: RouterDeps): Router {
  const r = Router();

  r.get('/exports', requireRole('officer'), async (req, res) => {
    res.render('registry/exports', { ...(await listLocals(deps, req)), values: {}, errors: {} });
  });

  // The page's way: an export in the background, with progress, that can be left and come back to.
  r.post(
    '/exports',
    requireRole('officer'),
    formPost(
      'registry/exports',
      (req) => listLocals(deps, req),
      async (req, res) => {
        const cmd = submitted(exportCommand, req.body);
        const job = await startExport(deps.db, actorOf(req), cmd, deps.clock.now(), (err) => req.log.error({ err }, 'export failed'));
        res.redirect(303, `/exports/${job.id}`);
      },
    ),
  );

  // Direct streaming (scripts and the benchmark): the file is written straight into the response.
  for (const format of ['xlsx', 'csv'] as const) {
    r.get(`/exports/register.${format}`, requireRole('officer'), async (req, res) => {
      const actor = actorOf(req);
      const c = await registerOf(deps.db, actor);
      fileHeaders(res, format, registerFileName(c, format, fmt.date(deps.clock.now())));
      try {
        await writeRegister(deps.db, actor, c, format, res);
      } catch (err) {
        // Headers are gone; the half-written file must not look complete.
        req.log.error({ err }, 'export failed');
        res.destroy(err as Error);
        return;
      }
      res.end();
    });
  }

  // Any signed-in user may ask; the use case answers 404 unless the export is of their collective.
  r.get('/exports/:id', async (req, res) => {
    const job = await loadExport(deps.db, actorOf(req), req.params.id as string, deps.clock.now());
    res.render('registry/export-job', jobLocals(req, job));
  });

  r.get('/exports/:id/file', async (req, res) => {
    const job = await loadExport(deps.db, actorOf(req), req.params.id as string, deps.clock.now());
    // Gone after a day (rule 14): the page says so and offers a new export.
    if (job.status === 'expired') return res.status(410).render('registry/export-job', jobLocals(req, job));
    if (job.status !== 'succeeded') return res.redirect(303, `/exports/${job.id}`);
    fileHeaders(res, job.format, { utf8: job.fileName, ascii: job.asciiName });
    res.setHeader('Content-Length', String(job.bytes));
    try {
      await pipeline(Readable.from(exportFile(deps.db, job)), res);
    } catch (err) {
      req.log.error({ err }, 'export download failed');
      res.destroy(err as Error);
    }
  });
  return r;
}
