import { sketchOnce } from './platform/drawing/sketch-cache';
import cookieParser from 'cookie-parser';
import ejs from 'ejs';
import express, { type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinoHttp } from 'pino-http';
import { randomUUID } from 'node:crypto';
import flash from 'connect-flash';
import { apiRouter } from '../routes/api/index';
import { webRouter } from '../routes/index';
import { multipartOnlyWhereRead } from './platform/http/multipart';
import { refuseNul } from './platform/http/refuse-nul';
import { requestOrigin } from './platform/request-origin';
import { useSealKey } from './platform/outbox/seal';
import { csrfProtection } from './platform/auth/csrf';
import { keepFormWhenSessionEnded, noteSessionUser } from './platform/http/form-draft';
import { sameSiteOnly } from './platform/auth/cross-site';
import { configurePassport } from './platform/auth/passport';
import { DbSessionStore } from './platform/auth/session-store';
import { apiReadsAfterWrites, sessionReadsAfterWrites } from './platform/http/read-your-writes';
import { Reads } from './platform/reads';
import type { Deps, RouterDeps } from './platform/deps';
import { useClock } from './kernel/clock';
import { viewerOf } from './accounts/navigation';
import { toActor } from './accounts/session-user';
import { errorHandler, notFoundHandler } from './platform/http/error-handler';
import { pickLang, translator } from './platform/i18n/index';
import { fmt } from './platform/format';
import { escapeHtml } from './platform/html-escape';
import { setAuditKey } from './kernel/audit-hash';
import { logRedact, logSerializers } from './platform/log';
import { parcelSketch } from './platform/drawing/parcel-sketch';
import { BROWSER_TURF, geomanDist, leafletDist, tileCspSource, turfBrowserModule } from './platform/map-tiles';

export type { Deps } from './platform/deps';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      lang: 'zh-CN' | 'en';
      t: ReturnType<typeof translator>;
      id: string;
    }
  }
}

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What every template may call. */
const viewHelpers = { sketch: parcelSketch, sketchOnce };

/**
 * EJS templates and their helpers; also used by the benchmark's render floor, so it draws what
 * the app draws. Includes are written from the views folder ('/partials/field'): EJS looks a
 * relative one up on disk (existsSync) at every call, which was ~6 % of a dashboard's time.
 */
export function useViews(app: express.Express): void {
  const views = path.join(root, 'views');
  app.set('views', views);
  app.set('view engine', 'ejs');
  // Our own engine call, to give EJS the root for those includes (EJS 7 reads no 'view options').
  // unsafePrototypeLocals (EJS 7; not in its type definitions): a template runs on the object it is
  // given instead of copying it first. Each include is already given a copy of every local by EJS's
  // include(), and Express builds a new object for each render, so the second copy only cost time:
  // the household page's template renders a tenth quicker without it (BENCHMARKS.md). "Unsafe" means that a name
  // a top-level view does not define could resolve to an Object.prototype member (toString, …); no
  // view uses such a name. `escape`: EJS's own escaping, quicker on values with nothing to escape (html-escape.ts).
  app.engine('ejs', (file: string, data: object, done: (err: Error | null, html?: string) => void) => {
    const settings = (data as { settings?: Record<string, unknown> }).settings ?? {};
    ejs.renderFile(
      file,
      data,
      {
        root: views,
        views: [views],
        cache: Boolean(settings['view cache']),
        unsafePrototypeLocals: true,
        escape: escapeHtml,
      } as ejs.Options,
      done,
    );
  });
  Object.assign(app.locals, viewHelpers);
}

/** Builds the Express app; never listens, so tests drive it with Supertest. */
export function createApp(deps: Deps): express.Express {
  useClock(deps.clock);
  const passport = configurePassport(deps);
  const csrf = csrfProtection(deps.config);
  const reads = deps.reads ?? new Reads(deps.db);
  const routes: RouterDeps = { ...deps, passport, csrf, reads };
  setAuditKey(deps.config.auditKey);
  const app = express();
  useViews(app);
  app.set('trust proxy', deps.config.trustProxy);
  app.disable('x-powered-by');
  // JSON answers write <, > and & as \u003c, \u003e, \u0026: the same data for every client, and a value
  // that holds markup stays inert even where JSON ends up inside a page or is sniffed as HTML.
  app.set('json escape', true);

  // Headers with credentials, secret query parameters and failed queries' parameters never reach the log (server/platform/log.ts).
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req) => (req as unknown as { id?: string }).id ?? randomUUID(),
      autoLogging: deps.config.env !== 'test',
      redact: logRedact,
      serializers: logSerializers,
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', ...(deps.config.mapTiles ? [tileCspSource(deps.config.mapTiles.url)] : [])],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          upgradeInsecureRequests: deps.config.env === 'production' ? [] : null,
        },
      },
      strictTransportSecurity: deps.config.env === 'production',
      // No referrer to other sites, as helmet's default (no-referrer) would; but with no-referrer a
      // browser sends "Origin: null" on our own form posts, which the cross-site check refuses.
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  // The client's address, for the trail's origins (the coercion alert, rule 2).
  app.use(requestOrigin);
  // Activation codes wait in the SMS queue sealed with a key from the app's secret.
  useSealKey(deps.config.sessionSecret);
  app.use('/public', express.static(path.join(root, 'public'), { maxAge: deps.config.env === 'production' ? '1d' : 0 }));
  // The map library comes from our own server (npm package), never from an outside CDN.
  app.use('/vendor/leaflet', express.static(leafletDist(), { maxAge: deps.config.env === 'production' ? '7d' : 0 }));
  // Drawing parcels on a form's map (issue 17 item 3): Leaflet-Geoman, and turf's area as ES modules.
  app.use('/vendor/geoman', express.static(geomanDist(), { maxAge: deps.config.env === 'production' ? '7d' : 0 }));
  app.use(cookieParser());
  app.use(language);
  // After the language: a malformed escape in the name (Express answers 400) is told in words, not a 500.
  app.get('/vendor/turf/:name.js', (req, res, next) => {
    const name = BROWSER_TURF.find((n) => n === req.params.name);
    if (!name) return next();
    res.set('Cache-Control', deps.config.env === 'production' ? 'public, max-age=604800' : 'no-cache');
    res.type('text/javascript').send(turfBrowserModule(name));
  });

  // The API authenticates with bearer tokens: no session cookie, hence no CSRF.
  // The API router parses JSON itself, so that a malformed body gets its JSON error in the caller's language.
  // An API write is answered once the read replicas have it (server/platform/http/read-your-writes.ts).
  app.use('/api', apiReadsAfterWrites(reads), apiRouter(routes));

  app.use(express.urlencoded({ extended: true, limit: '1mb', parameterLimit: 5000 }));
  app.use(
    session({
      name: 'sq.sid',
      store: new DbSessionStore(deps.db),
      secret: deps.config.sessionSecret,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: { httpOnly: true, sameSite: 'lax', secure: deps.config.env === 'production', maxAge: 8 * 3600 * 1000 },
    }),
  );
  app.use(flash());
  // A redirect that carries a flash message saves the session first. express-session would save
  // it while the response ends, but the browser follows the Location header at once and its
  // next request could read the session before the message is in it (the message is lost).
  app.use((req, res, next) => {
    const redirect = res.redirect.bind(res) as (...a: unknown[]) => void;
    res.redirect = ((...args: unknown[]) => {
      const pending = Object.values((req.session as { flash?: Record<string, unknown[]> } | undefined)?.flash ?? {}).some((m) => m?.length);
      if (!pending) return redirect(...args);
      req.session.save((err) => (err ? next(err) : redirect(...args)));
    }) as typeof res.redirect;
    next();
  });
  app.use(passport.initialize());
  app.use(noteSessionUser);
  app.use(passport.session());
  // After the session: a signed-in user's write notes in it where the primary stood, and the
  // session is saved after the note (server/platform/http/read-your-writes.ts).
  app.use(sessionReadsAfterWrites(reads));

  // Locals first, so that even a page refused by the CSRF check renders with its layout.
  app.use((req, res, next) => {
    res.locals.csrfToken = () => csrf.token(req, res);
    res.locals.viewer = req.user ? viewerOf({ ...toActor(req.user), mustChangePassword: req.user.mustChangePassword }) : null;
    // Read flash messages only from a session that has some: reading creates an empty store in
    // the session, which would then be saved (a row for every anonymous page view).
    const hasFlash = Boolean((req.session as { flash?: object } | undefined)?.flash);
    res.locals.flash = hasFlash
      ? { success: req.flash('success'), error: req.flash('error'), warning: req.flash('warning') }
      : { success: [], error: [], warning: [] };
    next();
  });
  // A form from another site is refused before any route runs (server/platform/auth/cross-site.ts).
  app.use(sameSiteOnly(deps.config.publicBaseUrl));
  // After the locals, so that a refused page renders with its layout; the form body is parsed by now.
  app.use(refuseNul);
  // Every state-changing request carries its token; a multipart body is checked by the upload
  // route that parses it, and refused (415) where no route reads one (server/platform/http/multipart.ts).
  // A form posted after its session ended keeps what was typed, for after the login (form-draft.ts).
  app.use(
    keepFormWhenSessionEnded(
      (req) => req.t('desk.draft.expired'),
      () => deps.clock.now(),
    ),
  );
  app.use(multipartOnlyWhereRead(csrf.protect));

  app.use(webRouter(routes));
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}

function language(req: Request, res: Response, next: NextFunction): void {
  req.lang = pickLang(req.cookies?.lang);
  req.t = translator(req.lang);
  res.locals.t = req.t;
  res.locals.lang = req.lang;
  res.locals.fmt = fmt;
  // Safe defaults for pages rendered before the session exists (e.g. a body that failed to parse).
  res.locals.viewer = null;
  res.locals.flash = { success: [], error: [] };
  res.locals.csrfToken = () => '';
  res.locals.currentPath = req.originalUrl;
  next();
}
