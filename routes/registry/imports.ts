import type { RouterDeps } from '../../server/platform/deps';
import { Router, type Request } from 'express';
import multer from 'multer';
import { actorOf, requireRole } from '../../server/platform/auth/guards';
import {
  allocatedShares,
  getCollective,
  homesteadLimitM2,
  issuerCode,
  loadJob,
  recentJobs,
  startImport,
  writeTemplate,
} from '../../server/registry';
import { MAX_BYTES, MAX_BYTES_LABEL, MAX_ROWS } from '../../server/platform/files/file-type';
import { ValidationError } from '../../server/kernel/errors';
import { translateErrors } from '../../server/platform/messages';
import { formPost, pageNumber } from '../../server/platform/http/forms';
import { parseThenCheck } from '../../server/platform/http/multipart';
import { importDocs, jobPage } from './import-view';

// Browsers send file names as UTF-8 bytes (Chinese names), not latin1.
const upload = multer({
  storage: multer.memoryStorage(),
  defParamCharset: 'utf8',
  limits: { fileSize: MAX_BYTES, files: 1, fields: 5, parts: 6 },
}).single('file');

async function newLocals(deps: RouterDeps, req: Request) {
  const actor = actorOf(req);
  const c = await getCollective(deps.db, actor.collectiveId!);
  const limits = { plain: homesteadLimitM2(c, 'plain'), hill: homesteadLimitM2(c, 'hill'), mountain: homesteadLimitM2(c, 'mountain') };
  const docs = importDocs(req.t, {
    prefix: issuerCode(c),
    ...limits,
    total: c.totalShares,
    allocated: await allocatedShares(deps.db, c.id),
  });
  return {
    title: req.t('imports.title'),
    docs,
    jobs: await recentJobs(deps.db, actor, deps.clock.now()),
    maxBytes: MAX_BYTES_LABEL,
    maxRows: MAX_ROWS.toLocaleString('en'),
  };
}

/**
 * Multer reads the multipart body, then the CSRF token in it is checked before anything else
 * happens (server/platform/http/multipart.ts). A file over the limit or a second file is answered with the
 * form and the reason.
 */
const receive = (deps: RouterDeps) =>
  parseThenCheck(deps.csrf.protect, upload, async (err, req, res, next) => {
    const size = err.code === 'LIMIT_FILE_SIZE';
    const e = new ValidationError({
      file: size ? { code: 'upload.size', params: { max: MAX_BYTES_LABEL } } : { code: 'upload.type', params: { types: 'XLSX, CSV' } },
    });
    try {
      res
        .status(size ? 413 : 422)
        .render('registry/import-new', { ...(await newLocals(deps, req)), values: {}, errors: translateErrors(req.t, e) });
    } catch (inner) {
      next(inner);
    }
  });

export function importsRouter(deps: RouterDeps): Router {
  const r = Router();

  r.get('/imports/new', requireRole('officer'), async (req, res) => {
    res.render('registry/import-new', { ...(await newLocals(deps, req)), values: {}, errors: {} });
  });

  for (const format of ['xlsx', 'csv'] as const) {
    r.get(`/imports/template.${format}`, requireRole('officer'), async (req, res) => {
      res.attachment(`import-template.${format}`);
      res.type(format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8');
      await writeTemplate(deps.db, actorOf(req), format, res);
      res.end();
    });
  }

  r.post(
    '/imports',
    requireRole('officer'),
    receive(deps),
    formPost(
      'registry/import-new',
      (req) => newLocals(deps, req),
      async (req, res) => {
        const file = req.file ? { name: req.file.originalname, buffer: req.file.buffer } : undefined;
        const job = await startImport(deps.db, actorOf(req), file, (err) => req.log.error({ err }, 'import failed'));
        res.redirect(303, `/imports/${job.id}`);
      },
    ),
  );

  // Any signed-in user may ask; the use case answers 404 unless the job is theirs or their collective's.
  r.get('/imports/:id', async (req, res) => {
    const job = await loadJob(deps.db, actorOf(req), req.params.id as string, deps.clock.now());
    res.render('registry/import-job', { title: req.t('imports.job.title'), ...jobPage(req.t, job, pageNumber(req.query.page)) });
  });
  return r;
}
