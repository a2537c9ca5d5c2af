import { eq } from 'drizzle-orm';
import { regions } from '../../models/regions';
import type { Db } from '../platform/db';
import { NotFound } from '../kernel/errors';
import type { Actor } from '../kernel/actor';
import { attestationPage } from './deal-view';

// The 变更登记 application for a completed transfer (issue 15 item 5). The app keeps the
// registration book as recorded from the issuing authority; it does not issue land contract
// certificates (county government, 农村土地承包法 §24, registration §35) nor 不动产权证
// (the real-estate registration authority, 不动产登记暂行条例 §14; 民法典 §365 for homesteads).
// Once a deal is registered here, this print gathers what that authority needs: the parties,
// the right and its old certificate, the contract, the price, the issuer's consent for land, the
// platform's 交易鉴证书, and the list of papers to bring. Shares are registered by the
// collective itself (its share register): no application to an authority, so no page.

export async function registrationApplicationPage(db: Db, actor: Actor, id: string) {
  const page = await attestationPage(db, actor, id);
  if (page.snap.kind === 'shares') throw new NotFound();
  const [county] = await db
    .select({ name: regions.name })
    .from(regions)
    .where(eq(regions.code, page.deal.regionCode.slice(0, 6)))
    .limit(1);
  return {
    ...page,
    /** Who registers the change: the county government (land) or its real-estate registration authority (homestead). */
    authority: { kind: page.snap.kind === 'land' ? ('county' as const) : ('realEstate' as const), county: county?.name ?? '' },
  };
}
