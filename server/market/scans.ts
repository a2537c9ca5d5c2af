import { and, eq } from 'drizzle-orm';
import { consentScans } from '../../models/market';
import type { Db, Tx } from '../platform/db';

// Paper-consent scans (rule 2) live in the database, in pieces like export files (job_files):
// every instance serves them, every backup of the database holds them, and a download holds
// one piece in memory at a time. Who may see one is decided in consents.ts (rule 12).

/** Size of a stored piece. */
export const SCAN_PIECE_BYTES = 256 * 1024;

/** Writes a scan's pieces (from `firstSeq` on) inside the caller's transaction; returns the next piece's number. */
export async function storeScanPieces(tx: Db | Tx, consentId: string, bytes: Buffer, firstSeq = 0): Promise<number> {
  const rows = [];
  let seq = firstSeq;
  for (let at = 0; at < bytes.length; at += SCAN_PIECE_BYTES)
    rows.push({ consentId, seq: seq++, bytes: bytes.subarray(at, at + SCAN_PIECE_BYTES) });
  if (rows.length) await tx.insert(consentScans).values(rows);
  return seq;
}

/** The stored scan, a piece at a time. Throws if a piece is missing (the answer must not look complete). */
export async function* scanPieces(db: Db, scan: { id: string; bytes: number }): AsyncGenerator<Buffer> {
  let sent = 0;
  for (let seq = 0; sent < scan.bytes; seq++) {
    const [piece] = await db
      .select({ bytes: consentScans.bytes })
      .from(consentScans)
      .where(and(eq(consentScans.consentId, scan.id), eq(consentScans.seq, seq)));
    if (!piece) throw new Error(`consent scan ${scan.id}: piece ${seq} is missing`);
    sent += piece.bytes.length;
    yield piece.bytes;
  }
}
