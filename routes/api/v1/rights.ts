import type { RouterDeps } from '../../../server/platform/deps';
import { Router } from 'express';
import { cancelRight, registerHomestead, registerLand, registerShares, rightDetails, cancellationCommand } from '../../../server/registry';
import type { Db } from '../../../server/platform/db';
import { NotFound } from '../../../server/kernel/errors';
import { apiActor } from '../auth';
import { submitted } from '../../../server/kernel/commands';
import type { Actor } from '../../../server/kernel/actor';
import { rightJson } from '../serialize';

const REGISTER = {
  land: (db: Db, actor: Actor, id: string, body: never, at: Date) => registerLand(db, actor, id, body, at),
  homestead: (db: Db, actor: Actor, id: string, body: never) => registerHomestead(db, actor, id, body),
  shares: (db: Db, actor: Actor, id: string, body: never) => registerShares(db, actor, id, body),
} as const;

/** Called only after a use case has checked the actor may read this right. */
async function rightById(db: Db, id: string, baseUrl: string) {
  const [d] = await rightDetails(db, { rightIds: [id] });
  if (!d) throw new NotFound();
  return rightJson(d, baseUrl);
}

export function rightsApi(deps: RouterDeps): Router {
  const r = Router();

  r.post('/households/:id/rights/:kind', async (req, res) => {
    const kind = req.params.kind as keyof typeof REGISTER;
    if (!Object.hasOwn(REGISTER, kind)) throw new NotFound();
    const right = await REGISTER[kind](deps.db, apiActor(req), req.params.id as string, req.body as never, deps.clock.now());
    res.status(201).json(await rightById(deps.db, right.id, deps.config.publicBaseUrl));
  });

  // A right registered in error ends here (not a transfer); its certificates end with it.
  r.post('/rights/:id/cancel', async (req, res) => {
    const cmd = submitted(cancellationCommand, req.body);
    await cancelRight(deps.db, apiActor(req), req.params.id as string, cmd, deps.clock.now());
    res.json(await rightById(deps.db, req.params.id as string, deps.config.publicBaseUrl));
  });
  return r;
}
