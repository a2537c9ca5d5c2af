import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { createReadStream } from 'node:fs';
import { access, unlink } from 'node:fs/promises';
import path from 'node:path';
import { listingConsents } from '../../models/market';
import type { Db } from '../platform/db';
import { storeScanPieces, SCAN_PIECE_BYTES } from './scans';

// Consent scans used to be files under UPLOAD_DIR, named by absolute path in listing_consents:
// on one machine's disk and in no database backup. At start-up (server/main.ts) the files still
// there move into the database, each with its row in one transaction, and are then deleted. A
// file that cannot be found is logged, once per start, and does not stop the start: its row
// keeps the path, so putting the file back and restarting moves it then.

type Log = { info: (o: object, msg: string) => void; warn: (o: object, msg: string) => void; error: (o: object, msg: string) => void };

/** Where the file is: its stored path, or the same name in today's UPLOAD_DIR (a data folder moved to another disk). */
async function locate(stored: string, uploadDir: string): Promise<string | null> {
  for (const p of [stored, path.join(path.resolve(uploadDir), 'consents', path.basename(stored))]) {
    try {
      await access(p);
      return p;
    } catch {
      /* try the next */
    }
  }
  return null;
}

export async function moveConsentScansIntoDb(db: Db, uploadDir: string, log: Log): Promise<{ moved: number; missing: number }> {
  const waiting = await db
    .select({ id: listingConsents.id, listingId: listingConsents.listingId, scanPath: listingConsents.scanPath })
    .from(listingConsents)
    .where(and(isNotNull(listingConsents.scanPath), isNull(listingConsents.scanBytes)));
  let moved = 0;
  let missing = 0;
  for (const c of waiting) {
    const file = await locate(c.scanPath!, uploadDir);
    if (!file) {
      missing++;
      log.warn(
        { consentId: c.id, listingId: c.listingId, path: c.scanPath },
        'consent scan file not found, so not moved into the database: put the file back (same path, or UPLOAD_DIR/consents/) and restart to move it; until then the scan cannot be shown',
      );
      continue;
    }
    try {
      await db.transaction(async (tx) => {
        // Another instance starting at the same time may have moved it already.
        const [row] = await tx
          .select({ scanBytes: listingConsents.scanBytes })
          .from(listingConsents)
          .where(eq(listingConsents.id, c.id))
          .for('update');
        if (!row || row.scanBytes != null) return;
        let bytes = 0;
        let seq = 0;
        // A piece at a time, as it is read: the file is never held whole.
        for await (const chunk of createReadStream(file, { highWaterMark: SCAN_PIECE_BYTES })) {
          seq = await storeScanPieces(tx, c.id, chunk as Buffer, seq);
          bytes += (chunk as Buffer).length;
        }
        await tx.update(listingConsents).set({ scanBytes: bytes, scanPath: null }).where(eq(listingConsents.id, c.id));
      });
      moved++;
      await unlink(file).catch((err) =>
        log.warn({ err, path: file }, 'consent scan moved into the database, but its file could not be deleted'),
      );
    } catch (err) {
      missing++;
      log.error(
        { err, consentId: c.id, path: file },
        'consent scan could not be moved into the database; it stays on disk and is tried again at the next start',
      );
    }
  }
  if (waiting.length) log.info({ moved, missing }, 'consent scans moved from the upload folder into the database');
  return { moved, missing };
}
