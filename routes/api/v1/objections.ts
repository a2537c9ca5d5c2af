import { Router, type Request } from 'express';
import type { RouterDeps } from '../../../server/platform/deps';
import { actorOf, requireRole } from '../../../server/platform/auth/guards';
import type { Db } from '../../../server/platform/db';
import type { Actor } from '../../../server/kernel/actor';
import {
  decideObjection,
  findingCommand,
  listingObjectionsFor,
  lodgeObjection,
  type Objection,
  objectionCommand,
  Sent,
} from '../../../server/market';
import type { ListingPauseJson, ObjectionJson } from '../openapi-objections';

// Objections (异议) for other systems (issue 20): the web's use cases behind the same role guards,
// bodies parsed with the same commands. The evidence file is sent with the web form only.

type Shown = Awaited<ReturnType<typeof listingObjectionsFor>>;

function objectionJson(actor: Actor, o: Shown['items'][number]): ObjectionJson {
  return {
    id: o.id,
    listingId: o.listingId,
    ground: o.ground,
    text: o.text,
    objectorRole: o.objectorRole,
    own: o.objectorUserId === actor.id,
    status: o.status,
    findingReason: o.findingReason,
    decidedAt: o.decidedAt?.toISOString() ?? null,
    createdAt: o.createdAt.toISOString(),
    attachment:
      o.attachmentMime && o.attachmentSize
        ? { mime: o.attachmentMime as 'application/pdf', bytes: o.attachmentSize, url: `/objections/${o.id}/attachment` }
        : null,
    can: o.can,
  };
}

function pauseJson(l: Shown['listing']): ListingPauseJson {
  return {
    id: l.id,
    status: l.status,
    pausedSince: l.objectionPausedAt?.toISOString() ?? null,
    noticeEndsAt: l.noticeEndsAt?.toISOString() ?? null,
  };
}

/** The listing's objections as the actor sees them after a step, with one of them picked out. */
async function result(db: Db, actor: Actor, o: Objection) {
  const shown = await listingObjectionsFor(db, actor, o.listingId);
  const mine = shown.items.find((x) => x.id === o.id)!;
  return { objection: objectionJson(actor, mine), listing: pauseJson(shown.listing) };
}

export function objectionsApi(deps: RouterDeps): Router {
  const r = Router();
  const { db, clock } = deps;
  const id = (req: Request) => req.params.id as string;

  r.get('/listings/:id/objections', async (req, res) => {
    const actor = actorOf(req);
    const shown = await listingObjectionsFor(db, actor, id(req));
    res.json({ listing: pauseJson(shown.listing), items: shown.items.map((o) => objectionJson(actor, o)) });
  });
  r.post('/listings/:id/objections', requireRole('farmer', 'officer'), async (req, res) => {
    const actor = actorOf(req);
    const o = await lodgeObjection(db, actor, id(req), Sent.json(objectionCommand, req.body), null, clock.now());
    res.status(201).json(await result(db, actor, o));
  });
  r.post('/objections/:id/finding', requireRole('officer'), async (req, res) => {
    const actor = actorOf(req);
    const o = await decideObjection(db, actor, id(req), Sent.json(findingCommand, req.body), clock.now());
    res.json(await result(db, actor, o));
  });
  return r;
}
