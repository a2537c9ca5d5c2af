import type { RouterDeps } from '../../../server/platform/deps';
import { Router } from 'express';
import { z } from 'zod';
import { cancelCertificate, certificateForPrint, issueCertificate, reissueCertificate, verifyPublic } from '../../../server/registry';
import { NotFound, ValidationError } from '../../../server/kernel/errors';
import { apiActor } from '../auth';
import { certificateJson, householdJson, rightJson } from '../serialize';

/** The use cases take strings; a number or object here is a field error, not a crash. */
function strings(body: Record<string, unknown>, keys: string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const k of keys) {
    const v = body[k];
    if (v !== undefined && v !== null && typeof v !== 'string') throw new ValidationError({ [k]: { code: 'invalidValue' } });
    out[k] = v ?? undefined;
  }
  return out;
}

export function certificatesApi(deps: RouterDeps): Router {
  const r = Router();

  r.post('/rights/:id/certificates', async (req, res) => {
    const c = await issueCertificate(deps.db, apiActor(req), req.params.id as string, strings(req.body, ['number']), deps.clock.now());
    res.status(201).location(`/api/v1/certificates/${c.id}`).json(certificateJson(c, deps.config.publicBaseUrl));
  });

  r.post('/certificates/:id/reissue', async (req, res) => {
    const c = await reissueCertificate(
      deps.db,
      apiActor(req),
      req.params.id as string,
      strings(req.body, ['reason', 'number']),
      deps.clock.now(),
    );
    res.status(201).location(`/api/v1/certificates/${c.id}`).json(certificateJson(c, deps.config.publicBaseUrl));
  });

  r.post('/certificates/:id/cancel', async (req, res) => {
    const actor = apiActor(req);
    await cancelCertificate(deps.db, actor, req.params.id as string, strings(req.body, ['reason']), deps.clock.now());
    const { certificate } = await certificateForPrint(deps.db, actor, req.params.id as string);
    res.json(certificateJson(certificate, deps.config.publicBaseUrl));
  });

  r.get('/certificates/:id', async (req, res) => {
    const { certificate, detail, holder } = await certificateForPrint(deps.db, apiActor(req), req.params.id as string);
    res.json({
      certificate: certificateJson(certificate, deps.config.publicBaseUrl),
      right: rightJson(detail, deps.config.publicBaseUrl),
      holder: householdJson(holder),
    });
  });
  return r;
}

const tokenParam = z.string().max(100);

/** Public, like the QR page: validity, kind, size and a masked holder, nothing more. */
export function verifyApi(deps: RouterDeps): Router {
  const r = Router();
  r.get('/verify/:token', async (req, res) => {
    const token = tokenParam.safeParse(req.params.token);
    const result = token.success ? await verifyPublic(deps.db, token.data) : null;
    if (!result) throw new NotFound();
    res.json({ ...result, issuedAt: new Date(result.issuedAt).toISOString() });
  });
  return r;
}
