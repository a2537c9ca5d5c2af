import type { RouterDeps } from '../../server/platform/deps';
import { Router, type Request } from 'express';
import multer from 'multer';
import { actorOf, requireRole } from '../../server/platform/auth/guards';
import { ValidationError } from '../../server/kernel/errors';
import { translateErrors } from '../../server/platform/messages';
import { formPost } from '../../server/platform/http/forms';
import { parseThenCheck } from '../../server/platform/http/multipart';
import {
  confirmNytImport,
  loadNytJob,
  MAX_PACKAGE_BYTES,
  MAX_PACKAGE_LABEL,
  recentNytJobs,
  startNytImport,
} from '../../server/registry/index';
import { nytJobPage } from './imports-nyt2539-view';

// The import of a county's 确权 package (NY/T 2539): upload a .zip, watch its dry run, read
// the report per household and parcel, confirm the write (issue 17).

const upload = multer({
  storage: multer.memoryStorage(),
  defParamCharset: 'utf8',
  limits: { fileSize: MAX_PACKAGE_BYTES, files: 1, fields: 5, parts: 6 },
}).single('file');

export function importsNyt2539Router(deps: RouterDeps): Router {
  const r = Router();
  const newLocals = async (req: Request) => ({
    title: req.t('nyt2539.title'),
    maxBytes: MAX_PACKAGE_LABEL,
    jobs: await recentNytJobs(deps.db, actorOf(req), deps.clock.now()),
  });
  const receive = parseThenCheck(deps.csrf.protect, upload, async (err, req, res, next) => {
    const size = err.code === 'LIMIT_FILE_SIZE';
    const e = new ValidationError({
      file: size ? { code: 'upload.size', params: { max: MAX_PACKAGE_LABEL } } : { code: 'upload.type', params: { types: 'ZIP' } },
    });
    try {
      res
        .status(size ? 413 : 422)
        .render('registry/nyt2539-new', { ...(await newLocals(req)), values: {}, errors: translateErrors(req.t, e) });
    } catch (inner) {
      next(inner);
    }
  });

  r.get('/imports/nyt2539/new', requireRole('officer'), async (req, res) => {
    res.render('registry/nyt2539-new', { ...(await newLocals(req)), values: {}, errors: {} });
  });

  r.post(
    '/imports/nyt2539',
    requireRole('officer'),
    receive,
    formPost('registry/nyt2539-new', newLocals, async (req, res) => {
      const file = req.file ? { name: req.file.originalname, buffer: req.file.buffer } : undefined;
      const job = await startNytImport(deps.db, actorOf(req), file, 'check', deps.clock.now(), (err) =>
        req.log.error({ err }, 'nyt2539 import failed'),
      );
      res.redirect(303, `/imports/nyt2539/${job.id}`);
    }),
  );

  // Any signed-in user may ask; the use case answers 404 unless the job is theirs or their collective's.
  r.get('/imports/nyt2539/:id', async (req, res) => {
    const job = await loadNytJob(deps.db, actorOf(req), req.params.id as string, deps.clock.now());
    res.render('registry/nyt2539-job', { title: req.t(`nyt2539.job.title.${job.mode}`), ...nytJobPage(req, job) });
  });

  r.post(
    '/imports/nyt2539/:id/confirm',
    requireRole('officer'),
    formPost(
      'registry/nyt2539-job',
      async (req) => {
        const job = await loadNytJob(deps.db, actorOf(req), req.params.id as string, deps.clock.now());
        return { title: req.t(`nyt2539.job.title.${job.mode}`), ...nytJobPage(req, job) };
      },
      async (req, res) => {
        const job = await confirmNytImport(deps.db, actorOf(req), req.params.id as string, deps.clock.now(), (err) =>
          req.log.error({ err }, 'nyt2539 write failed'),
        );
        res.redirect(303, `/imports/nyt2539/${job.id}`);
      },
    ),
  );
  return r;
}
