import type { RouterDeps } from '../../server/platform/deps';
import { Router } from 'express';
import { certificatesRouter } from './certificates';
import { collectiveMapRouter } from './collective-map';
import { dividendsRouter } from './dividends';
import { farmerRouter } from './farmer';
import { householdsRouter } from './households';
import { rightsRouter } from './rights';
import { farmerAccountsRouter } from './accounts';
import { exportsRouter } from './exports';
import { importsRouter } from './imports';
import { correctionRouter } from './correction';
import { batchCertificatesRouter } from './batch-certificates';
import { membershipRouter } from './membership';
import { householdLifeRouter } from './household-life';
import { importsNyt2539Router } from './imports-nyt2539';
import { exportNyt2539Router } from './export-nyt2539';

export function registryRouter(deps: RouterDeps): Router {
  const r = Router();
  r.use(householdsRouter(deps));
  r.use(rightsRouter(deps));
  r.use(certificatesRouter(deps));
  r.use(collectiveMapRouter(deps));
  r.use(dividendsRouter(deps));
  r.use(farmerRouter(deps));
  r.use(farmerAccountsRouter(deps));
  r.use(importsNyt2539Router(deps));
  r.use(importsRouter(deps));
  r.use(exportsRouter(deps));
  r.use(correctionRouter(deps));
  r.use(batchCertificatesRouter(deps));
  r.use(membershipRouter(deps));
  r.use(householdLifeRouter(deps));
  r.use(exportNyt2539Router(deps));
  return r;
}
