import type { RouterDeps } from '../../../server/platform/deps';
import { type Request, Router } from 'express';
import { assertRole } from '../../../server/kernel/actor';
import { submitted } from '../../../server/kernel/commands';
import { ValidationError } from '../../../server/kernel/errors';
import {
  changeHead,
  type Document,
  extensionJob,
  extensionSchema,
  headChangeSchema,
  mergeHouseholds,
  planExtension,
  recordInheritance,
  splitHousehold,
  splitSchema,
  startExtension,
} from '../../../server/registry';
import { apiActor } from '../auth';
import { inheritanceBody, mergeBody } from '../openapi-life';

// A household's life through the API: the same use cases and commands as the pages.

const id = (req: Request) => req.params.id as string;
const ref = (h: { id: string; code: string; headName: string }) => ({ id: h.id, code: h.code, headName: h.headName });

export function householdLifeApi(deps: RouterDeps): Router {
  const r = Router();
  const { db, clock } = deps;

  r.post('/households/merge', async (req, res) => {
    const actor = apiActor(req);
    // The household comes from the body here: only officers go on to look for it.
    assertRole(actor, 'officer');
    const householdId = req.body?.householdId;
    if (typeof householdId !== 'string' || householdId === '') throw new ValidationError({ householdId: { code: 'required' } });
    const out = await mergeHouseholds(db, actor, householdId, submitted(mergeBody, req.body), clock.now());
    res.json({ household: ref(out.household), certificates: out.certificates });
  });
  r.post('/households/:id/head', async (req, res) => {
    const out = await changeHead(db, apiActor(req), id(req), submitted(headChangeSchema, req.body), clock.now());
    res.json({ household: ref(out.household), certificates: out.certificates });
  });
  r.post('/households/:id/split', async (req, res) => {
    const out = await splitHousehold(db, apiActor(req), id(req), submitted(splitSchema, req.body), clock.now());
    res
      .status(201)
      .location(`/api/v1/households/${out.created.id}`)
      .json({ original: ref(out.original), created: ref(out.created), certificates: out.certificates });
  });
  r.post('/households/:id/inheritance', async (req, res) => {
    const parsed = submitted(inheritanceBody, req.body);
    const docs = Array.isArray(req.body?.documents)
      ? (req.body.documents as { name?: unknown; mime?: unknown; contentBase64?: unknown }[])
      : [];
    const documents: Document[] = docs.map((d) => ({
      name: typeof d?.name === 'string' ? d.name : 'scan',
      mime: typeof d?.mime === 'string' ? d.mime : '',
      bytes: Buffer.from(typeof d?.contentBase64 === 'string' ? d.contentBase64 : '', 'base64'),
    }));
    const out = await recordInheritance(db, apiActor(req), id(req), parsed, documents, clock.now());
    res.status(201).json(out);
  });
  r.post('/collectives/:id/extensions', async (req, res) => {
    const actor = apiActor(req);
    const dryRun = req.body?.dryRun;
    // JSON says true or false (a string "false" is not a dry run's opposite): refused after access.
    const parsed =
      dryRun === undefined || typeof dryRun === 'boolean'
        ? submitted(extensionSchema, req.body)
        : submitted(
            extensionSchema.refine(() => false, { path: ['dryRun'], error: 'invalidValue' }),
            req.body,
          );
    if (dryRun === true) {
      res.json(await planExtension(db, actor, id(req), parsed));
      return;
    }
    const { jobId } = await startExtension(db, actor, id(req), parsed, clock.now(), (err) => req.log.error({ err }, 'extension failed'));
    res
      .status(202)
      .location(`/api/v1/collectives/${id(req)}/extensions/${jobId}`)
      .json({ jobId });
  });
  r.get('/collectives/:id/extensions/:jobId', async (req, res) => {
    const job = await extensionJob(await deps.reads.for(req), apiActor(req), id(req), req.params.jobId as string, clock.now());
    res.json({ ...job, createdAt: job.createdAt.toISOString(), finishedAt: job.finishedAt?.toISOString() ?? null });
  });
  return r;
}
