import { and, eq } from 'drizzle-orm';
import { certificates } from '../../models/certificates';
import type { Db, Tx } from '../platform/db';
import type { Listing } from './locks';
import { certificateRefusal, refuseIf } from './rules';

// Issue 18 item 3: only a certified right is put on the market for a transfer. The buyer gets
// the seller's certificate reissued in their name at registration (rule 11); a right with no
// valid certificate has nothing to reissue and its boundaries and holder were never confirmed
// on paper, so it is refused when the listing is started, submitted and approved.

export async function validCertificate(db: Db | Tx, rightId: string) {
  const [c] = await db
    .select()
    .from(certificates)
    .where(and(eq(certificates.rightId, rightId), eq(certificates.status, 'valid')))
    .limit(1);
  return c ?? null;
}

/** Throws the refusal when a transfer's right has no valid certificate. */
export async function assertCertified(tx: Tx, l: Pick<Listing, 'path' | 'rightKind' | 'rightId'>): Promise<void> {
  refuseIf(certificateRefusal(l, await validCertificate(tx, l.rightId)));
}
