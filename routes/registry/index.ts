import { Router } from 'express';
import { certificatesRouter } from './certificates';
import { farmerRouter } from './farmer';
import { householdsRouter } from './households';
import { rightsRouter } from './rights';
import { farmerAccountsRouter } from './accounts';

export function registryRouter(): Router {
  const r = Router();
  r.use(householdsRouter());
  r.use(rightsRouter());
  r.use(certificatesRouter());
  r.use(farmerRouter());
  r.use(farmerAccountsRouter());
  return r;
}
