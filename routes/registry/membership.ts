import type { RouterDeps } from '../../server/platform/deps';
import { Router, type Request, type Response } from 'express';
import { actorOf, requireRole } from '../../server/platform/auth/guards';
import { formPost, str } from '../../server/platform/http/forms';
import { submitted } from '../../server/kernel/commands';
import { loadHousehold, loadMember } from '../../server/registry/households';
import {
  collectiveRegister,
  membershipCommand,
  membershipHistory,
  membersWithStatus,
  recordMembership,
  registerFlags,
} from '../../server/registry/membership';
import {
  decisionCommand,
  decisionMinutes,
  listDecisions,
  membershipDecisions,
  ownCollectiveId,
  recordDecision,
} from '../../server/registry/decisions';
import { GROUNDS_OF, mayRecordMembership } from '../../server/registry/membership-rules';
import { registerCsv, registerXlsx } from '../../server/registry/membership-export';
import type { Minutes } from '../../server/registry/decisions';
import { ValidationError } from '../../server/kernel/errors';
import { parseThenCheck } from '../../server/platform/http/multipart';
import type { Csrf } from '../../server/platform/auth/csrf';
import multer from 'multer';
import { MAX_SCAN_BYTES, sniff } from '../market/upload';

// The scanned minutes of a decision (PDF, JPEG or PNG by content, at most 5 MB), optional.
const minutesParser = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_SCAN_BYTES, files: 1, fields: 30, fieldSize: 8192 },
}).single('minutes');
const minutesUpload = (csrf: Csrf) =>
  parseThenCheck(csrf.protect, minutesParser, (err, _req, res, next) => {
    res.locals.uploadError =
      err.code === 'LIMIT_FILE_SIZE'
        ? new ValidationError({ minutes: { code: 'upload.size', params: { max: '5 MB' } } })
        : new ValidationError({ minutes: { code: 'upload.type', params: { types: 'PDF, JPEG, PNG' } } });
    next();
  });
function minutesOf(req: Request, res: Response): Minutes | undefined {
  if (res.locals.uploadError) throw res.locals.uploadError;
  const file = req.file;
  if (!file?.size) return undefined;
  const type = sniff(file.buffer);
  if (!type) throw new ValidationError({ minutes: { code: 'upload.type', params: { types: 'PDF, JPEG, PNG' } } });
  return { bytes: file.buffer, mime: type.mime };
}

// The 成员名册 (农村集体经济组织法 §12, §16–18) and the decisions of the members' meeting
// (§26–28, §15): pages for officers (who record), the bureau (who reads), and members (who may
// inspect the decisions, §13(3)).

export function membershipRouter(deps: RouterDeps): Router {
  const r = Router();

  // The menu's entries: the actor's own collective (a farmer's: their household's).
  r.get('/members', requireRole('officer'), (req, res) => {
    res.redirect(`/collectives/${actorOf(req).collectiveId}/members`);
  });
  r.get('/decisions', requireRole('officer', 'farmer'), async (req, res) => {
    res.redirect(`/collectives/${await ownCollectiveId(deps.db, actorOf(req))}/decisions`);
  });

  r.get('/collectives/:id/members', requireRole('officer', 'bureau', 'admin'), async (req, res) => {
    const actor = actorOf(req);
    const id = req.params.id as string;
    const rows = await collectiveRegister(deps.db, actor, id, deps.clock.now());
    res.render('registry/membership/register', {
      title: req.t('membership.register.title'),
      collectiveId: id,
      rows,
      can: registerFlags(actor, id),
    });
  });

  const exportRegister = (xlsx: boolean) => async (req: Request, res: Response) => {
    const at = deps.clock.now();
    const rows = await collectiveRegister(deps.db, actorOf(req), req.params.id as string, at);
    res
      .set({ 'Content-Disposition': `attachment; filename="members-register.${xlsx ? 'xlsx' : 'csv'}"`, 'Cache-Control': 'no-store' })
      .type(xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8')
      .send(xlsx ? await registerXlsx(rows, '成员名册') : registerCsv(rows));
  };
  r.get('/collectives/:id/members.csv', requireRole('officer', 'bureau', 'admin'), exportRegister(false));
  r.get('/collectives/:id/members.xlsx', requireRole('officer', 'bureau', 'admin'), exportRegister(true));

  const memberLocals = async (req: Request) => {
    const actor = actorOf(req);
    const household = await loadHousehold(deps.db, actor, req.params.id as string);
    const member = await loadMember(deps.db, household, req.params.memberId as string);
    const [statuses, history, decisions] = await Promise.all([
      membersWithStatus(deps.db, household.id, null),
      membershipHistory(deps.db, member.id),
      membershipDecisions(deps.db, household.collectiveId),
    ]);
    const status = statuses.find((s) => s.id === member.id)!.status;
    return {
      title: req.t('membership.member.title', { name: member.name }),
      household,
      member: { id: member.id, name: member.name, relation: member.relation },
      status,
      history,
      decisions,
      grounds: GROUNDS_OF,
      can: { record: mayRecordMembership(actor, household.collectiveId) },
    };
  };
  r.get('/households/:id/members/:memberId/membership', requireRole('officer', 'bureau', 'admin'), async (req, res) => {
    res.render('registry/membership/member', { ...(await memberLocals(req)), values: {}, errors: {} });
  });
  r.post(
    '/households/:id/members/:memberId/membership',
    requireRole('officer'),
    formPost('registry/membership/member', memberLocals, async (req, res) => {
      const cmd = submitted(membershipCommand, req.body);
      const e = await recordMembership(deps.db, actorOf(req), req.params.memberId as string, cmd, deps.clock.now());
      req.flash(
        'success',
        req.t('membership.member.recorded', { kind: req.t(`membership.kind.${e.kind}`), ground: req.t(`membership.ground.${e.ground}`) }),
      );
      res.redirect(`/households/${req.params.id}/members/${req.params.memberId}/membership`);
    }),
  );

  const decisionLocals = async (req: Request) => {
    const page = await listDecisions(deps.db, actorOf(req), req.params.id as string);
    return { title: req.t('membership.decisions.title'), ...page };
  };
  r.get('/collectives/:id/decisions', requireRole('officer', 'bureau', 'admin', 'farmer'), async (req, res) => {
    res.render('registry/membership/decisions', { ...(await decisionLocals(req)), values: {}, errors: {} });
  });
  r.post(
    '/collectives/:id/decisions',
    requireRole('officer'),
    minutesUpload(deps.csrf),
    formPost('registry/membership/decisions', decisionLocals, async (req, res) => {
      const cmd = submitted(decisionCommand, req.body);
      await recordDecision(deps.db, actorOf(req), req.params.id as string, cmd, deps.clock.now(), minutesOf(req, res));
      req.flash('success', req.t('membership.decisions.recorded'));
      res.redirect(`/collectives/${req.params.id}/decisions`);
    }),
  );
  r.get('/decisions/:id/minutes', requireRole('officer', 'bureau', 'admin', 'farmer'), async (req, res) => {
    const m = await decisionMinutes(deps.db, actorOf(req), str(req.params.id));
    res.set({ 'Content-Disposition': 'inline', 'Cache-Control': 'no-store' }).type(m.mime).send(m.bytes);
  });
  return r;
}
