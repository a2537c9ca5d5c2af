import type { RouterDeps } from '../../../server/platform/deps';
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Actor } from '../../../server/kernel/actor';
import { parse, positiveInt } from '../../../server/kernel/fields';
import {
  searchHouseholds,
  PAGE_SIZE,
  addMember,
  createHousehold,
  loadHousehold,
  updateHousehold,
  householdEditCommandOn,
  memberSchemaOn,
  householdWithRights,
} from '../../../server/registry';
import { canSeeFullIdNumbers, membersShown } from '../../../server/kernel/personal-data';
import type { Db } from '../../../server/platform/db';
import { apiActor } from '../auth';
import { shanghaiDate } from '../../../server/kernel/clock';
import { submitted } from '../../../server/kernel/commands';
import { householdJson, householdSummaryJson, memberJson, rightJson } from '../serialize';

const searchQuery = z.object({
  q: z.string({ error: 'invalidValue' }).max(100, { error: 'tooLong' }).optional(),
  page: positiveInt(100_000).optional(),
});

/** A household with its members (ID numbers masked unless rule 14 allows them) and rights. */
export async function householdDetail(db: Db, actor: Actor, id: string, baseUrl: string, at: Date) {
  const { household: h, members, rights } = await householdWithRights(db, actor, id, 'api.household', at);
  return {
    ...householdJson(h),
    idNumbersMasked: !canSeeFullIdNumbers(actor, h),
    members: members.map(memberJson),
    rights: rights.map((d) => rightJson(d, baseUrl)),
  };
}

const id = (req: Request) => req.params.id as string;

// The editable part of a household; anything else in a PATCH body (code, members…) is ignored.
const EDITABLE = ['phone', 'address', 'hukouStatus', 'settledOn', 'settledCity'] as const;

export function householdsApi(deps: RouterDeps): Router {
  const r = Router();

  r.get('/households', async (req, res) => {
    const query = parse(searchQuery, req.query);
    const result = await searchHouseholds(deps.db, apiActor(req), { q: query.q, page: query.page }, 'api.search');
    res.json({
      query: { kind: result.q.kind, value: result.q.value },
      page: result.page,
      pages: result.pages,
      total: result.total,
      more: result.more,
      pageSize: PAGE_SIZE,
      items: result.list.map(householdSummaryJson),
    });
  });

  r.post('/households', async (req, res) => {
    const actor = apiActor(req);
    // createHousehold refuses everyone but officers before it reads the collective.
    const h = await createHousehold(deps.db, actor, actor.collectiveId ?? '', req.body, deps.clock.now());
    res
      .status(201)
      .location(`/api/v1/households/${h.id}`)
      .json(await householdDetail(deps.db, actor, h.id, deps.config.publicBaseUrl, deps.clock.now()));
  });

  r.get('/households/:id', async (req, res) => {
    res.json(await householdDetail(deps.db, apiActor(req), id(req), deps.config.publicBaseUrl, deps.clock.now()));
  });

  // PATCH: fields left out keep their value (updateHousehold itself replaces all of them).
  r.patch('/households/:id', async (req, res) => {
    const actor = apiActor(req);
    const before = await loadHousehold(deps.db, actor, id(req));
    const merged: Record<string, unknown> = {};
    for (const k of EDITABLE) merged[k] = k in req.body ? req.body[k] : before[k];
    merged.reason = req.body.reason;
    const at = deps.clock.now();
    await updateHousehold(deps.db, actor, before.id, submitted(householdEditCommandOn(shanghaiDate(at)), merged), at);
    res.json(await householdDetail(deps.db, actor, before.id, deps.config.publicBaseUrl, at));
  });

  r.post('/households/:id/members', async (req, res) => {
    const actor = apiActor(req);
    const at = deps.clock.now();
    const m = await addMember(deps.db, actor, id(req), submitted(memberSchemaOn(shanghaiDate(at)), req.body), at);
    res.status(201).json(memberJson(membersShown(actor, m, [m])[0]));
  });
  return r;
}
