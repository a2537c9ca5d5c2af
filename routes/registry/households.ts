import type { RouterDeps } from '../../server/platform/deps';
import { Router, type Request } from 'express';
import { actorOf, requireRole } from '../../server/platform/auth/guards';
import {
  getCollective,
  issuerCode,
  searchHouseholds,
  parseFilters,
  parseCollective,
  householdGroups,
  addMember,
  createHousehold,
  loadHousehold,
  loadMember,
  removeMember,
  updateHousehold,
  updateMember,
  mayRegisterHousehold,
  householdEditCommandOn,
  memberSchemaOn,
} from '../../server/registry';
import { asList, filled, formPost, pageNumber, str } from '../../server/platform/http/forms';
import { shanghaiDate } from '../../server/kernel/clock';
import { submitted } from '../../server/kernel/commands';
import { householdLocals } from './household-locals';

export function householdsRouter(deps: RouterDeps): Router {
  const r = Router();

  r.get('/households', requireRole('officer', 'bureau', 'admin'), async (req, res) => {
    const actor = actorOf(req);
    const filters = parseFilters(req.query.f);
    const group = parseCollective(req.query.c);
    const [result, groups] = await Promise.all([
      searchHouseholds(deps.db, actor, { q: str(req.query.q), page: pageNumber(req.query.page), filters, collectiveId: group }),
      householdGroups(deps.db, actor),
    ]);
    res.render('registry/search', {
      title: req.t('registry.search.title'),
      result,
      q: str(req.query.q).slice(0, 40),
      filters,
      group: group ?? '',
      groups: groups.list,
      groupsTooMany: groups.tooMany,
      can: { register: mayRegisterHousehold(actor) },
    });
  });

  const newLocals = async (req: Request) => {
    const c = await getCollective(deps.db, actorOf(req).collectiveId!);
    return { title: req.t('registry.household.new'), prefix: issuerCode(c) };
  };
  r.get('/households/new', requireRole('officer'), async (req, res) => {
    res.render('registry/household-new', { ...(await newLocals(req)), values: { members: [{ relation: 'head' }] }, errors: {} });
  });
  r.post(
    '/households',
    requireRole('officer'),
    formPost('registry/household-new', newLocals, async (req, res) => {
      const actor = actorOf(req);
      // Compact the rows first, so that a re-shown form and its error keys use the same row numbers.
      req.body.members = filled(asList(req.body.members));
      const h = await createHousehold(deps.db, actor, actor.collectiveId!, req.body, deps.clock.now());
      req.flash('success', req.t('registry.household.created'));
      res.redirect(`/households/${h.id}`);
    }),
  );

  r.get('/households/:id', requireRole('officer', 'bureau', 'admin'), async (req, res) => {
    res.render('registry/household', { ...(await householdLocals(deps, req, req.params.id as string)), values: {}, errors: {} });
  });

  const editLocals = async (req: Request) => ({
    title: req.t('registry.household.edit'),
    household: await loadHousehold(deps.db, actorOf(req), req.params.id as string),
  });
  r.get('/households/:id/edit', requireRole('officer'), async (req, res) => {
    const locals = await editLocals(req);
    res.render('registry/household-edit', { ...locals, values: locals.household, errors: {} });
  });
  r.post(
    '/households/:id',
    requireRole('officer'),
    formPost('registry/household-edit', editLocals, async (req, res) => {
      const at = deps.clock.now();
      const cmd = submitted(householdEditCommandOn(shanghaiDate(at)), req.body);
      await updateHousehold(deps.db, actorOf(req), req.params.id as string, cmd, at);
      req.flash('success', req.t('registry.household.updated'));
      res.redirect(`/households/${req.params.id}`);
    }),
  );

  const pageLocals = (req: Request) => householdLocals(deps, req, req.params.id as string);
  r.post(
    '/households/:id/members',
    requireRole('officer'),
    formPost('registry/household', pageLocals, async (req, res) => {
      const at = deps.clock.now();
      await addMember(deps.db, actorOf(req), req.params.id as string, submitted(memberSchemaOn(shanghaiDate(at)), req.body), at);
      req.flash('success', req.t('registry.member.added'));
      res.redirect(`/households/${req.params.id}#members`);
    }),
  );
  const memberLocals = async (req: Request) => {
    const household = await loadHousehold(deps.db, actorOf(req), req.params.id as string);
    const member = await loadMember(deps.db, household, req.params.memberId as string);
    return { title: req.t('registry.member.edit'), household, member };
  };
  r.get('/households/:id/members/:memberId/edit', requireRole('officer'), async (req, res) => {
    const locals = await memberLocals(req);
    res.render('registry/member-edit', { ...locals, values: locals.member, errors: {} });
  });
  r.post(
    '/households/:id/members/:memberId',
    requireRole('officer'),
    formPost('registry/member-edit', memberLocals, async (req, res) => {
      await updateMember(deps.db, actorOf(req), req.params.id as string, req.params.memberId as string, req.body, deps.clock.now());
      req.flash('success', req.t('registry.member.updated'));
      res.redirect(`/households/${req.params.id}#members`);
    }),
  );
  r.post(
    '/households/:id/members/:memberId/remove',
    requireRole('officer'),
    formPost('registry/household', pageLocals, async (req, res) => {
      await removeMember(deps.db, actorOf(req), req.params.id as string, req.params.memberId as string, str(req.body.reason));
      req.flash('success', req.t('registry.member.removed'));
      res.redirect(`/households/${req.params.id}#members`);
    }),
  );
  return r;
}
