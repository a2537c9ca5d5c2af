import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { lsnText } from '../lsn';
import type { Reads } from '../reads';

// The end of a request that wrote notes where the primary's WAL stood (reads.ts), before the
// answer leaves: the browser follows a redirect at once, and its next page must find the note.
// Pages keep it in the session (saved by express-session's own end, which runs after this one);
// the API, without a session, answers only once the replicas have replayed the write.
// Nothing of this runs without replicas.

type End = Response['end'];

/** Wraps res.end: when the request wrote, `note` runs first (its failure is logged, the answer goes out anyway). */
function beforeEnd(
  reads: Reads,
  note: (req: Request, lsn: bigint) => Promise<void> | void,
  applies: (req: Request) => boolean,
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!reads.replicated) return next();
    const end = res.end as (...a: unknown[]) => Response;
    res.end = function (this: Response, ...args: unknown[]) {
      if (!reads.writes(req) || !applies(req)) return end.apply(this, args);
      reads
        .position()
        .then((lsn) => note(req, lsn))
        .catch((err: unknown) => req.log?.warn({ err }, 'read-your-writes: the write position could not be noted'))
        .finally(() => end.apply(this, args));
      return this;
    } as End;
    next();
  };
}

/** Pages: a signed-in user's write fences their session (after express-session, so that the session is saved after the note). */
export function sessionReadsAfterWrites(reads: Reads): RequestHandler {
  return beforeEnd(
    reads,
    (req, lsn) => {
      if (req.session) req.session.readAfter = lsnText(lsn);
    },
    (req) => Boolean(req.user),
  );
}

/** The API: an authenticated client's write is answered once the replicas have replayed it, so its next read (on any instance) sees it. */
export function apiReadsAfterWrites(reads: Reads): RequestHandler {
  return beforeEnd(
    reads,
    async (_req, lsn) => {
      await reads.waitFor(lsn);
    },
    (req) => Boolean(req.actor),
  );
}
