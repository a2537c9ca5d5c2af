import { pino, type LoggerOptions } from 'pino';

// What the logs never hold: credentials in headers (Authorization, the session and CSRF cookies,
// Set-Cookie), secrets in a query string (a login link's token, a password sent the wrong way),
// and the parameters of a failed database query, which carry session ids, password hashes and
// personal data. Logs are read by more people, kept longer and shipped further than the database.

/** Field names whose values are secrets wherever they appear (query strings, bodies). */
const SECRET_NAME = /pass(word)?|token|secret|csrf|^code$|^sid$|^current$|^repeat$/i;
const HIDDEN = '[redacted]';

/** pino's redact: the header paths of pino-http's req and res objects. */
export const logRedact = {
  paths: [
    'req.headers.authorization',
    'req.headers["proxy-authorization"]',
    'req.headers.cookie',
    'req.headers["x-csrf-token"]',
    'res.headers["set-cookie"]',
  ],
  censor: HIDDEN,
};

/** The URL with the value of every secret-named query parameter replaced. */
export function censorUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        /* keep it as sent */
      }
      return SECRET_NAME.test(decoded.replace(/\[.*$/, '')) ? `${name}=${HIDDEN}` : pair;
    });
  return `${url.slice(0, q)}?${query.join('&')}`;
}

/** A copy of a parsed query or body with secret-named values replaced, at any depth. */
export function censorFields(v: unknown, depth = 0): unknown {
  if (v === null || typeof v !== 'object' || depth > 5) return v;
  if (Array.isArray(v)) return v.map((x) => censorFields(x, depth + 1));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, SECRET_NAME.test(k) ? HIDDEN : censorFields(x, depth + 1)]));
}

/** The database's own detail names the key and its value ("Key (sid)=(…)", "Failing row contains (…)"). */
const scrubDetail = (d: unknown) =>
  typeof d === 'string' ? d.replace(/\)=\(.*\)/s, `)=(${HIDDEN})`).replace(/contains \(.*\)/s, `contains (${HIDDEN})`) : d;

type DbError = Error & { params?: unknown; detail?: unknown };

/**
 * The error as it may be logged: a failed query keeps its SQL, its cause and its codes, not its
 * parameters (Drizzle writes them into the message and the stack, PGlite and pg keep them beside).
 */
function withoutSecrets(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const e = err as DbError;
  const cause = e.cause instanceof Error ? withoutSecrets(e.cause) : e.cause;
  if (!Array.isArray(e.params) && e.detail === undefined && cause === e.cause) return err;
  const cut = e.message.indexOf('\nparams: ');
  const message = cut >= 0 ? `${e.message.slice(0, cut)}\nparams: ${HIDDEN}` : e.message;
  const copy = Object.assign(Object.create(Object.getPrototypeOf(err) as object) as DbError, err, {
    message,
    stack: (e.stack ?? '').replace(e.message, message),
    cause,
  });
  if (Array.isArray(e.params)) copy.params = HIDDEN;
  if (e.detail !== undefined) copy.detail = scrubDetail(e.detail);
  return copy;
}

/** pino-http hands serializers the std-serialized object (with .raw); a plain logger the value itself. */
const rawOf = (v: unknown) => (v as { raw?: unknown } | null)?.raw ?? v;

export const logSerializers = {
  err: (e: unknown) => pino.stdSerializers.err(withoutSecrets(rawOf(e)) as Error),
  req: (r: { url?: string; query?: unknown } & Record<string, unknown>) => ({
    ...r,
    url: censorUrl(r.url ?? ''),
    query: censorFields(r.query),
  }),
};

/** Options for the process's logger (server/main.ts); createApp puts the same on its request logger. */
export function logOptions(level: string): LoggerOptions {
  return { level, redact: logRedact, serializers: { err: logSerializers.err } };
}
