import type { RouterDeps } from '../../server/platform/deps';
import { Router, type Request, type Response } from 'express';
import { actorOf, requireRole } from '../../server/platform/auth/guards';
import { formPost, str } from '../../server/platform/http/forms';
import { submitted } from '../../server/kernel/commands';
import { loadHousehold, loadMember } from '../../server/registry';
import {
  collectiveRegister,
  membershipCommand,
  membershipHistory,
  membersWithStatus,
  recordMembership,
  registerFlags,
} from '../../server/registry';
import {
  decisionCommand,
  decisionMinutes,
  listDecisions,
  membershipDecisions,
  ownCollectiveId,
  recordDecision,
} from '../../server/registry';
import { GROUNDS_OF, mayRecordMembership } from '../../server/registry';
import { assertMayImportRegister, importRegister, type RegisterFileRow } from '../../server/registry';
import { registerCsv, registerXlsx } from '../../server/registry';
import type { Minutes } from '../../server/registry';
import { ValidationError } from '../../server/kernel/errors';
import { parseThenCheck } from '../../server/platform/http/multipart';
import type { Csrf } from '../../server/platform/auth/csrf';
import multer from 'multer';
import { MAX_SCAN_BYTES, sniff } from '../market/upload';
import { MAX_BYTES, sniffFormat } from '../../server/platform/files/file-type';
import { readCsvTable, readXlsxTables } from '../../server/platform/files/sheets';
import { membership as zhWords } from '../../server/platform/i18n/zh/membership';
import { registry as zhRegistry } from '../../server/platform/i18n/zh/registry';

// The register file's words: Chinese, the filing language (the export's columns are the import's).
const FILE_WORDS = {
  columns: ['承包方编码', '姓名', '性别', '与户主关系', '公民身份号码', '成员状态', '最近变动', '依据', '生效日期', '决定编号'],
  sex: zhRegistry.registry.sex,
  relation: zhRegistry.registry.relation,
  status: zhWords.membership.status,
  kind: zhWords.membership.kind,
  ground: zhWords.membership.ground,
  migrated: zhWords.membership.member.migrated,
};

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
const registerParser = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_BYTES, files: 1, fields: 5, fieldSize: 1024 },
}).single('file');
const registerUpload = (csrf: Csrf) =>
  parseThenCheck(csrf.protect, registerParser, (_err, _req, res, next) => {
    res.locals.uploadError = new ValidationError({ file: { code: 'membership.import.file' } });
    next();
  });
/** The uploaded register's rows, from .xlsx or .csv (recognised by content). */
async function registerRows(req: Request, res: Response): Promise<RegisterFileRow[]> {
  if (res.locals.uploadError) throw res.locals.uploadError;
  const file = req.file;
  if (!file?.size) throw new ValidationError({ file: { code: 'membership.import.file' } });
  const out: RegisterFileRow[] = [];
  try {
    const format = sniffFormat(file.originalname ?? '', file.buffer);
    const chunks =
      format === 'xlsx' ? readXlsxTables(file.buffer, 'register', () => 'register') : readCsvTable(file.buffer, 'register', 'register');
    for await (const chunk of chunks) out.push(...chunk.rows);
  } catch {
    throw new ValidationError({ file: { code: 'membership.import.file' } });
  }
  return out;
}
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

  const registerLocals = async (req: Request) => {
    const actor = actorOf(req);
    const id = req.params.id as string;
    const rows = await collectiveRegister(deps.db, actor, id, deps.clock.now());
    return { title: req.t('membership.register.title'), collectiveId: id, rows, can: registerFlags(actor, id) };
  };
  r.get('/collectives/:id/members', requireRole('officer', 'bureau', 'admin'), async (req, res) => {
    res.render('registry/membership/register', { ...(await registerLocals(req)), values: {}, errors: {} });
  });
  // The register read back (the export's columns): all rows or none (membership.ts, importRegister).
  r.post(
    '/collectives/:id/members/import',
    requireRole('officer'),
    registerUpload(deps.csrf),
    formPost('registry/membership/register', registerLocals, async (req, res) => {
      await assertMayImportRegister(deps.db, actorOf(req), req.params.id as string);
      const rows = await registerRows(req, res);
      const words = { kinds: zhWords.membership.kind, grounds: zhWords.membership.ground };
      const done = await importRegister(deps.db, actorOf(req), req.params.id as string, rows, words, deps.clock.now());
      req.flash('success', req.t('membership.register.imported', done));
      res.redirect(`/collectives/${req.params.id}/members`);
    }),
  );

  const exportRegister = (xlsx: boolean) => async (req: Request, res: Response) => {
    const at = deps.clock.now();
    const rows = await collectiveRegister(deps.db, actorOf(req), req.params.id as string, at);
    res
      .set({ 'Content-Disposition': `attachment; filename="members-register.${xlsx ? 'xlsx' : 'csv'}"`, 'Cache-Control': 'no-store' })
      .type(xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8')
      .send(xlsx ? await registerXlsx(rows, FILE_WORDS, '成员名册') : registerCsv(rows, FILE_WORDS));
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
