import type { NextFunction, Request, Response } from 'express';
import { localPath } from './local-path';

// Issue 18 item 13: the session ended while the user was typing. Their form's POST would be
// refused (the CSRF token belonged to the ended session) and what they typed lost. Instead the
// typed fields are kept in the (new, anonymous) session, the user is sent to log in, and after
// logging in is returned to the same form, filled in again, to check and submit once more.
// Nothing is replayed: the POST is never carried out, the page is a plain GET with a fresh token.
// Never kept: the CSRF token and anything that looks like a password or a one-time code. The
// draft is dropped when someone else logs in on the same browser (when the old session still
// says whose it was), when it is older than DRAFT_MINUTES, and once it has been shown.

export const DRAFT_MINUTES = 30;
const SESSION_COOKIE = 'sq.sid';
/** POSTs that are not forms to return to: logging in and out, activation, the password itself. */
const NOT_KEPT = /^\/(login|logout|activate|account\/password|lang)(\/|$)/;
/** Field names never written into the session. */
const SECRET = /password|passwd|_csrf|otp|activation|secret/i;

export type FormDraft = { back: string; fields: Record<string, unknown>; at: number; userId: string | null };

declare module 'express-session' {
  interface SessionData {
    /** The fields of a form posted after the session had ended (form-draft.ts). */
    formDraft?: FormDraft;
  }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Whose the session was before passport read it (it forgets the user of an ended session). */
      sessionUserBefore?: string | null;
    }
  }
}

/** Before passport.session(): notes whose the session was, so an ended session's draft keeps its owner. */
export function noteSessionUser(req: Request, _res: Response, next: NextFunction): void {
  const p = (req.session as unknown as { passport?: { user?: unknown } } | undefined)?.passport;
  req.sessionUserBefore = typeof p?.user === 'string' ? p.user : null;
  next();
}

/** The form's values without its token and secrets (nested as the body parser gave them). */
function withoutSecrets(v: unknown, depth = 0): unknown {
  if (depth > 4) return undefined;
  if (typeof v === 'string') return v.slice(0, 10_000);
  if (Array.isArray(v)) return v.slice(0, 200).map((x) => withoutSecrets(x, depth + 1));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v).slice(0, 200)) if (!SECRET.test(k)) out[k] = withoutSecrets(x, depth + 1);
    return out;
  }
  return undefined;
}

/** The page the form was on, from the Referer of this site (the browser sends it on same-origin posts). */
function formPage(req: Request): string | null {
  const ref = req.get('referer');
  if (!ref) return null;
  try {
    const u = new URL(ref);
    if (u.host !== req.get('host')) return null;
    const path = localPath(u.pathname + u.search, '');
    return path && !NOT_KEPT.test(u.pathname) ? path : null;
  } catch {
    return null;
  }
}

/**
 * Before the CSRF check: a form posted with a session cookie whose session has ended (no user
 * any more) keeps its fields and goes to the login page, which then leads back to the form.
 * Only ordinary forms of this site's pages (a same-site Referer); uploads are left as they are.
 */
export function keepFormWhenSessionEnded(message: (req: Request) => string, now: () => Date) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'POST' || req.user || !req.cookies?.[SESSION_COOKIE] || NOT_KEPT.test(req.path)) return next();
    if (!req.is('application/x-www-form-urlencoded')) return next();
    const back = formPage(req);
    if (!back) return next();
    const old = req.sessionUserBefore ?? null;
    req.session.formDraft = {
      back,
      fields: (withoutSecrets(req.body ?? {}) as Record<string, unknown>) ?? {},
      at: now().getTime(),
      userId: old,
    };
    req.flash('error', message(req));
    req.session.save((e) => (e ? next(e) : res.redirect(303, `/login?next=${encodeURIComponent(back)}`)));
  };
}

/** At login, across the new session id: the draft goes on if it is recent and not someone else's. */
export function carryDraft(draft: FormDraft | undefined, userId: string, at: number): FormDraft | undefined {
  if (!draft || at - draft.at > DRAFT_MINUTES * 60_000) return undefined;
  if (draft.userId && draft.userId !== userId) return undefined;
  return draft;
}

/**
 * After login, on the form's page (GET): the page is drawn with the kept values over its own
 * (forms draw `values`), with a message to check them and submit again. Shown once.
 */
export function restoreFormDraft(message: (req: Request) => string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const draft = req.session?.formDraft;
    if (!draft || req.method !== 'GET' || draft.back !== req.originalUrl) return next();
    delete req.session.formDraft;
    const render = res.render.bind(res) as (view: string, locals?: object, cb?: unknown) => void;
    res.render = ((view: string, locals?: object | ((...a: unknown[]) => void), cb?: unknown) => {
      if (typeof locals === 'function') return render(view, undefined, locals);
      const own = (locals ?? {}) as { values?: Record<string, unknown> };
      const flash = res.locals.flash as { success: string[]; error: string[] };
      res.locals.flash = { ...flash, success: [...flash.success, message(req)] };
      return render(view, { ...own, values: { ...(own.values ?? {}), ...draft.fields } }, cb);
    }) as typeof res.render;
    next();
  };
}
