import type { RouterDeps } from '../../../server/platform/deps';
import { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import {
  collectiveMap,
  describeNytProblem as describe,
  exportNyt2539,
  featureCollection,
  loadNytJob,
  MAX_PACKAGE_BYTES,
  MAX_PACKAGE_LABEL,
  startNytImport,
  type MapParcel,
  type NytJobView,
} from '../../../server/registry/index';
import { formatCenti } from '../../../server/kernel/money';
import { requireRole } from '../../../server/platform/auth/guards';
import { apiActor, requireBearer, requireTokenScope } from '../auth';
import { ApiProblem } from '../errors';

// POST /api/v1/imports/nyt2539 (multipart, one .zip in `file`; ?dryRun=true for the check
// only) and GET /api/v1/imports/nyt2539/{id}: the same jobs as the import pages (issue 17).
// Mounted before the JSON-only /v1 router: this is the API's one multipart body.

const upload = multer({
  storage: multer.memoryStorage(),
  defParamCharset: 'utf8',
  limits: { fileSize: MAX_PACKAGE_BYTES, files: 1, fields: 5, parts: 6 },
}).single('file');

function receive(req: Request, res: Response, next: NextFunction): void {
  // Another body (JSON, none) carries no package: the use case answers 422 "choose a file".
  if (!req.is('multipart/form-data')) return next();
  upload(req, res, (err?: unknown) => {
    if (!err) return next();
    if (err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE')
      return next(new ApiProblem(413, 'tooLarge', { max: MAX_PACKAGE_LABEL }));
    next(new ApiProblem(400, 'badRequest'));
  });
}

/** The job as JSON; each problem carries its words in the caller's language beside its code. */
export function nytJobJson(job: NytJobView, lang: 'zh' | 'en', t: (key: string) => string) {
  const problem = (p: NytJobView['problems'][number]) => ({ ...p, message: describe(p, lang) });
  return {
    id: job.id,
    status: job.status,
    phase: job.phase,
    dryRun: job.mode === 'check',
    fileName: job.fileName,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt ? job.finishedAt.toISOString() : null,
    checkedBy: job.checkedBy,
    failure: job.fatal
      ? { code: job.fatal.code, message: job.fatal[lang] }
      : job.failure
        ? { code: job.failure, message: t(`errors.${job.failure}`) }
        : null,
    problems: job.problems.map(problem),
    collectives: job.collectives.map((c) => ({
      code: c.code,
      name: c.name,
      collectiveId: c.collectiveId,
      inScope: c.inScope,
      writable: c.writable,
      counts: c.counts,
      written: c.written ?? null,
      writeError: c.writeError?.code ?? null,
      households: c.households,
      problems: c.problems.map(problem),
      problemCount: c.problemCount,
    })),
  };
}

export function importsNyt2539Api(deps: RouterDeps): Router {
  const r = Router();
  const lang = (req: Request) => (req.lang === 'en' ? 'en' : 'zh');
  r.post('/imports/nyt2539', requireBearer(deps), requireTokenScope, requireRole('officer'), receive, async (req, res) => {
    const dryRun = req.query.dryRun === 'true' || req.query.dryRun === '1';
    const file = req.file ? { name: req.file.originalname, buffer: req.file.buffer } : undefined;
    const at = deps.clock.now();
    const { id } = await startNytImport(deps.db, apiActor(req), file, dryRun ? 'check' : 'write', at, (err) =>
      req.log.error({ err }, 'nyt2539 import failed'),
    );
    const job = await loadNytJob(deps.db, apiActor(req), id, at);
    res
      .status(202)
      .location(`/api/v1/imports/nyt2539/${id}`)
      .json(nytJobJson(job, lang(req), (k) => req.t(k)));
  });
  r.get('/imports/nyt2539/:id', requireBearer(deps), async (req, res) => {
    const job = await loadNytJob(deps.db, apiActor(req), req.params.id as string, deps.clock.now());
    res.json(nytJobJson(job, lang(req), (k) => req.t(k)));
  });
  // The collective's parcels in WGS84 for a map, and its package for the county (issue 17 item 4).
  r.get('/collectives/:id/parcels.geojson', requireBearer(deps), async (req, res) => {
    const { parcels } = await collectiveMap(deps.db, apiActor(req), req.params.id as string);
    const labels = {
      kind: (k: MapParcel['kind']) => req.t(`registry.kindShort.${k}`),
      status: (s: MapParcel['status']) => req.t(`registry.status.${s}`),
      area: (p: MapParcel) => req.t(p.unit === 'mu' ? 'maps.sketch.areaMu' : 'maps.sketch.areaM2', { area: formatCenti(p.areaCenti) }),
    };
    res.set('Cache-Control', 'private, no-store');
    res.type('application/geo+json').send(JSON.stringify(featureCollection(parcels, labels)));
  });
  r.get('/collectives/:id/export/nyt2539', requireBearer(deps), async (req, res) => {
    const out = await exportNyt2539(deps.db, apiActor(req), req.params.id as string);
    res.set({
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${out.fileName}"`,
      'Cache-Control': 'no-store',
    });
    res.end(out.zip);
  });
  return r;
}
