import type { RouterDeps } from '../../../server/platform/deps';
import { Router } from 'express';
import { submitted } from '../../../server/kernel/commands';
import { canSeeFullIdNumbers } from '../../../server/kernel/personal-data';
import { decisionCommand, listDecisions, recordDecision } from '../../../server/registry';
import { collectiveRegister, memberEndCommand, membershipCommand, recordMembership } from '../../../server/registry';
import { apiActor } from '../auth';
import type { DecisionJson, MembershipEventJson, RegisterJson } from '../openapi-membership';

// The 成员名册 and the members' meeting decisions for other systems (农村集体经济组织法 §12,
// §16–18, §26–28): the same use cases as the pages; a decision below its threshold answers 422
// naming the article.

const iso = (d: Date | string) => new Date(d).toISOString();

export function membershipApi(deps: RouterDeps): Router {
  const r = Router();

  r.get('/collectives/:id/members', async (req, res) => {
    const actor = apiActor(req);
    const id = req.params.id as string;
    const rows = await collectiveRegister(deps.db, actor, id, deps.clock.now(), 'api.search');
    const body: RegisterJson = {
      collectiveId: id,
      idNumbersMasked: !canSeeFullIdNumbers(actor, { collectiveId: id }),
      items: rows.map((m) => ({
        memberId: m.memberId,
        householdId: m.householdId,
        householdCode: m.householdCode,
        name: m.name,
        sex: m.sex,
        relation: m.relation,
        idNumber: m.idNumber,
        age: m.age,
        status: m.status,
        kind: m.kind,
        ground: m.ground,
        effectiveOn: m.effectiveOn,
        decisionId: m.decisionId,
      })),
    };
    res.json(body);
  });

  const decisionJson = (d: Awaited<ReturnType<typeof listDecisions>>['decisions'][number]): DecisionJson => ({
    id: d.id,
    decidedOn: d.decidedOn,
    meetingType: d.meetingType,
    matter: d.matter,
    title: d.title,
    text: d.text,
    entitled: d.entitled,
    presentInPerson: d.presentInPerson,
    presentOnline: d.presentOnline,
    presentByProxy: d.presentByProxy,
    votesFor: d.votesFor,
    votesAgainst: d.votesAgainst,
    votesAbstain: d.votesAbstain,
    settings: d.settings ?? null,
    hasMinutes: !!d.hasMinutes,
    createdAt: iso(d.createdAt),
  });

  r.get('/collectives/:id/decisions', async (req, res) => {
    const page = await listDecisions(deps.db, apiActor(req), req.params.id as string);
    res.json({ items: page.decisions.map(decisionJson) });
  });

  r.post('/collectives/:id/decisions', async (req, res) => {
    const actor = apiActor(req);
    const d = await recordDecision(deps.db, actor, req.params.id as string, submitted(decisionCommand, req.body), deps.clock.now());
    const page = await listDecisions(deps.db, actor, d.collectiveId);
    res
      .status(201)
      .location(`/api/v1/collectives/${d.collectiveId}/decisions`)
      .json(decisionJson(page.decisions.find((x) => x.id === d.id)!));
  });

  const eventJson = (e: Awaited<ReturnType<typeof recordMembership>>): MembershipEventJson => ({
    id: e.id,
    memberId: e.memberId,
    householdId: e.householdId,
    kind: e.kind,
    ground: e.ground,
    effectiveOn: e.effectiveOn,
    decisionId: e.decisionId,
    note: e.note,
    recordedAt: iso(e.recordedAt),
  });
  r.post('/members/:id/membership', async (req, res) => {
    const e = await recordMembership(
      deps.db,
      apiActor(req),
      req.params.id as string,
      submitted(membershipCommand, req.body),
      deps.clock.now(),
    );
    res.status(201).json(eventJson(e));
  });
  // A member dies or leaves (issue 16): kept in the history, never deleted.
  r.post('/members/:id/end', async (req, res) => {
    const e = await recordMembership(
      deps.db,
      apiActor(req),
      req.params.id as string,
      submitted(memberEndCommand, req.body),
      deps.clock.now(),
    );
    res.status(201).json(eventJson(e));
  });
  return r;
}
