import type { RouterDeps } from '../../server/platform/deps';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { apiLanguage } from './auth';
import { apiErrorHandler, apiNotFound, BODY_LIMIT, requireJsonObject, WRITE_METHODS } from './errors';
import { openapiDocument } from './openapi';
import { v1Router } from './v1/index';
import { importsNyt2539Api } from './v1/imports-nyt2539';
import { refuseNul } from '../../server/platform/http/refuse-nul';

// Only writes carry a body; a GET is never refused for what it sends along.
const parseJson = express.json({ limit: BODY_LIMIT, strict: true });
const jsonBody = (req: Request, res: Response, next: NextFunction) =>
  WRITE_METHODS.includes(req.method) ? parseJson(req, res, next) : next();

/**
 * /api: the JSON API (v1) and its OpenAPI 3.1 description. Mounted before the session and
 * CSRF middleware: API clients authenticate with bearer tokens, never with the cookie.
 * Everything that reaches this router ends here, errors included, as JSON.
 */
export function apiRouter(deps: RouterDeps): Router {
  const r = Router();
  r.use(apiLanguage);
  // A NUL anywhere in the request: refused here, so that the refusal is JSON like every API answer.
  r.use(refuseNul);
  r.get('/openapi.json', (_req, res) => {
    res.json(openapiDocument(deps.config.publicBaseUrl));
  });
  // The one multipart body of the API (a NY/T 2539 package), before the JSON-only routes.
  r.use('/v1', importsNyt2539Api(deps));
  r.use('/v1', jsonBody, requireJsonObject, refuseNul, v1Router(deps));
  r.use(apiNotFound);
  r.use(apiErrorHandler);
  return r;
}
