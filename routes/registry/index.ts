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

export function registryRouter(): Router {
  const r = Router();
  r.use(householdsRouter());
  r.use(rightsRouter());
  r.use(certificatesRouter());
  r.use(collectiveMapRouter());
  r.use(dividendsRouter());
  r.use(farmerRouter());
  r.use(farmerAccountsRouter());
  r.use(importsRouter());
  r.use(exportsRouter());
  return r;
}
