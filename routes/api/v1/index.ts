import type { RouterDeps } from '../../../server/platform/deps';
import { Router } from 'express';
import { apiActor, requireBearer, requireTokenScope } from '../auth';
import { actorJson } from '../serialize';
import { certificatesApi, verifyApi } from './certificates';
import { householdLifeApi } from './household-life';
import { householdsApi } from './households';
import { marketDealsApi } from './market-deals';
import { marketListingsApi } from './market-listings';
import { marketMoneyApi } from './market-money';
import { rightsApi } from './rights';
import { membershipApi } from './membership';
import { objectionsApi } from './objections';
import { escrowStatementApi } from './escrow-statement';

/**
 * /api/v1: the registry's reads and writes for other systems. Each route calls the same use
 * case as the pages, so scopes (rule 12), masking (rule 14) and every rule apply unchanged.
 */
export function v1Router(deps: RouterDeps): Router {
  const r = Router();
  r.use(verifyApi(deps)); // public: the same check as the QR code page
  r.use(requireBearer(deps));
  r.use(requireTokenScope); // before every route: read-only tokens write nothing
  r.get('/me', (req, res) => {
    res.json({ ...actorJson(apiActor(req)), tokenScopes: req.tokenScopes ?? [] });
  });
  r.use(householdLifeApi(deps)); // before householdsApi: /households/merge is not a household id
  r.use(householdsApi(deps));
  r.use(rightsApi(deps));
  r.use(certificatesApi(deps));
  r.use(marketListingsApi(deps));
  r.use(marketDealsApi(deps));
  r.use(marketMoneyApi(deps));
  r.use(membershipApi(deps));
  r.use(objectionsApi(deps)); // issue 20: objections (异议)
  r.use(escrowStatementApi(deps));
  return r;
}
