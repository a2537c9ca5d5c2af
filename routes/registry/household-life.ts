import type { RouterDeps } from '../../server/platform/deps';
import { type Request, type Response, Router } from 'express';
import multer from 'multer';
import { submitted } from '../../server/kernel/commands';
import { ValidationError } from '../../server/kernel/errors';
import { actorOf, requireRole } from '../../server/platform/auth/guards';
import { asList, filled, formPost, str } from '../../server/platform/http/forms';
import { parseThenCheck } from '../../server/platform/http/multipart';
import { getCollective } from '../../server/registry';
import {
  changeHead,
  type Document,
  eventDocument,
  extensionByCounty,
  extensionCollective,
  extensionJob,
  extensionSchema,
  headChangeSchema,
  inheritanceSchema,
  lifePage,
  MAX_DOCUMENT_BYTES,
  marriageSchema,
  mergeHouseholds,
  mergeSchema,
  planExtension,
  recordInheritance,
  recordMarriageOut,
  splitHousehold,
  splitSchema,
  startExtension,
} from '../../server/registry';

// A household's life (issue 16): thin adapters. Each reads the time once, parses the form into
// the use case's command (refusals travel to the use case, which checks access first), and
// redirects with a flash; a refusal shows the same page again with the typed values kept.

const id = (req: Request) => req.params.id as string;
const life = (req: Request) => `/households/${id(req)}/life`;

const documentsUpload = multer({
  storage: multer.memoryStorage(),
  defParamCharset: 'utf8',
  limits: { fileSize: MAX_DOCUMENT_BYTES, files: 10, fields: 200, fieldSize: 2000 },
}).array('documents', 10);

/** The extension form's rows as the command's exclusions and adjustments. */
function extensionBody(body: Record<string, unknown>) {
  const rows = asList(body.rows);
  return {
    oldTermEndsBy: body.oldTermEndsBy,
    decisionRef: body.decisionRef,
    excluded: rows.filter((r) => r.exclude).map((r) => ({ rightId: r.rightId, reason: r.excludeReason })),
    adjusted: rows
      .filter((r) => !r.exclude && str(r.newEndDate).trim() !== '')
      .map((r) => ({ rightId: r.rightId, newEndDate: r.newEndDate, reason: r.adjustReason })),
    dryRun: body.mode !== 'run',
  };
}

export function householdLifeRouter(deps: RouterDeps): Router {
  const r = Router();
  const { db, clock } = deps;

  const pageLocals = async (req: Request) => {
    const page = await lifePage(db, actorOf(req), id(req), clock.now());
    return { title: req.t('life.title'), ...page };
  };
  r.get('/households/:id/life', requireRole('officer', 'bureau', 'admin'), async (req, res) => {
    res.render('registry/life/household', { ...(await pageLocals(req)), values: {}, errors: {} });
  });

  const act = (flash: string, work: (req: Request, at: Date) => Promise<unknown>, to: (req: Request, out: unknown) => string = life) =>
    formPost('registry/life/household', pageLocals, async (req, res) => {
      const out = await work(req, clock.now());
      req.flash('success', req.t(flash));
      res.redirect(to(req, out));
    });

  r.post(
    '/households/:id/head',
    requireRole('officer'),
    act('life.head.done', (req, at) => changeHead(db, actorOf(req), id(req), submitted(headChangeSchema, req.body), at)),
  );
  r.post(
    '/households/:id/split',
    requireRole('officer'),
    act(
      'life.split.done',
      (req, at) => splitHousehold(db, actorOf(req), id(req), submitted(splitSchema, req.body), at),
      (_req, out) => `/households/${(out as { created: { id: string } }).created.id}/life`,
    ),
  );
  r.post(
    '/households/:id/merge',
    requireRole('officer'),
    act('life.merge.done', (req, at) => mergeHouseholds(db, actorOf(req), id(req), submitted(mergeSchema, req.body), at)),
  );
  r.post(
    '/households/:id/marriage',
    requireRole('officer'),
    act('life.marriage.done', (req, at) => recordMarriageOut(db, actorOf(req), id(req), submitted(marriageSchema, req.body), at)),
  );

  const inheritanceLocals = async (req: Request) => {
    const page = await lifePage(db, actorOf(req), id(req), clock.now());
    return { title: req.t('life.inheritance.title'), ...page };
  };
  r.get('/households/:id/inheritance', requireRole('officer'), async (req, res) => {
    const locals = await inheritanceLocals(req);
    res.render('registry/life/inheritance', {
      ...locals,
      values: { deceasedMemberIds: locals.members.map((m) => m.id), heirs: [{}, {}, {}], sharesOutcome: 'back_to_collective' },
      errors: {},
    });
  });
  r.post(
    '/households/:id/inheritance',
    requireRole('officer'),
    parseThenCheck(deps.csrf.protect, documentsUpload, (err, _req, res, next) => {
      res.locals.uploadError = new ValidationError({
        documents: { code: err.code === 'LIMIT_FILE_SIZE' ? 'life.documentTooLarge' : 'life.documentType' },
      });
      next();
    }),
    formPost('registry/life/inheritance', inheritanceLocals, async (req: Request, res: Response) => {
      if (res.locals.uploadError) throw res.locals.uploadError;
      req.body.heirs = filled(asList(req.body.heirs));
      const files = (Array.isArray(req.files) ? req.files : []).filter((f) => f.size > 0);
      const documents: Document[] = files.map((f) => ({ name: f.originalname, mime: f.mimetype, bytes: f.buffer }));
      await recordInheritance(db, actorOf(req), id(req), submitted(inheritanceSchema, req.body), documents, clock.now());
      req.flash('success', req.t('life.inheritance.done'));
      res.redirect(life(req));
    }),
  );

  r.get('/household-documents/:docId', requireRole('officer', 'bureau', 'admin'), async (req, res) => {
    const doc = await eventDocument(db, actorOf(req), req.params.docId as string);
    // Personal data (rule 14): not to be kept by shared caches or the browser's cache.
    res.set({ 'Content-Disposition': 'inline', 'Cache-Control': 'no-store' }).type(doc.mime).send(doc.bytes);
  });

  // 二轮延包: the list (dry run), then the job.
  const extensionLocals = async (req: Request) => ({
    title: req.t('life.extension.title'),
    collective: await getCollective(db, id(req)).catch(() => null),
    plan: null,
  });
  r.get('/extension', requireRole('officer'), (req, res) => {
    res.redirect(`/collectives/${actorOf(req).collectiveId}/extension`);
  });
  r.get('/collectives/:id/extension', requireRole('officer'), async (req, res) => {
    await extensionCollective(db, actorOf(req), id(req));
    res.render('registry/life/extension', { ...(await extensionLocals(req)), values: { oldTermEndsBy: '2028-12-31' }, errors: {} });
  });
  r.post(
    '/collectives/:id/extension',
    requireRole('officer'),
    formPost('registry/life/extension', extensionLocals, async (req, res) => {
      const actor = actorOf(req);
      const body = extensionBody(req.body ?? {});
      if (body.dryRun) {
        const plan = await planExtension(db, actor, id(req), submitted(extensionSchema, body));
        res.render('registry/life/extension', { ...(await extensionLocals(req)), plan, values: req.body, errors: {} });
        return;
      }
      const { jobId } = await startExtension(db, actor, id(req), submitted(extensionSchema, body), clock.now(), (err) =>
        req.log.error({ err }, 'extension failed'),
      );
      res.redirect(303, `/collectives/${id(req)}/extension/${jobId}`);
    }),
  );
  r.get('/collectives/:id/extension/:jobId', requireRole('officer', 'bureau', 'admin'), async (req, res) => {
    const job = await extensionJob(db, actorOf(req), id(req), req.params.jobId as string, clock.now());
    res.render('registry/life/extension-job', {
      title: req.t('life.extension.job'),
      job,
      refreshSeconds: job.status === 'running' ? 2 : 0,
    });
  });
  r.get('/extension-counties', requireRole('bureau', 'admin'), async (req, res) => {
    const rows = await extensionByCounty(await deps.reads.for(req), actorOf(req));
    res.render('registry/life/extension-counties', { title: req.t('life.extension.counties'), rows });
  });
  return r;
}
