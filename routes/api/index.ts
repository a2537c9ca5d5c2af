import { Router } from 'express';

/** /api/v1 and /api/openapi.json; see routes/api/v1.ts. */
export function apiRouter(): Router {
  const r = Router();
  return r;
}
