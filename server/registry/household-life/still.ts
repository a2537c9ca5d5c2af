import { basisOf } from '../../kernel/legal-basis';
import { eq } from 'drizzle-orm';
import { rights } from '../../../models/rights';
import { DomainError } from '../../kernel/errors';
import type { Tx } from '../../platform/db';
import { frozenRightIds } from './state';

/**
 * Rule 11 (issue 16, item 6): a right in a listing or a deal stays still: its certificate is
 * neither cancelled nor reissued until the listing ends. Locks the right first, so a listing
 * made at the same moment waits for this step or this step sees it.
 */
export async function assertRightStill(tx: Tx, rightId: string): Promise<void> {
  const [r] = await tx.select().from(rights).where(eq(rights.id, rightId)).for('update');
  if (!r) return;
  if ((await frozenRightIds(tx, r.householdId)).includes(r.id)) throw new DomainError('rule11.locked', basisOf(r.kind));
}
