import { eq } from 'drizzle-orm';
import QRCode from 'qrcode';
import { regions } from '../../models/regions';
import type { Actor } from '../kernel/actor';
import { householdMembers } from '../kernel/personal-reads';
import type { Db } from '../platform/db';
import { certificateForPrint } from './certificates';
import { getCollective } from './collectives';

// What a printed certificate carries (issue 18 item 5): the issuing authority, the registration
// date, every family member (农村土地承包法 §24: the certificate names the household's members),
// the QR code to verify it, and the parcel sketches that go on a numbered annex page.

/** Sketches that fit under the certificate on its own A4 page; more go to the annex. */
export const SKETCHES_ON_PAGE = 2;

export type CertificateSheet = Awaited<ReturnType<typeof certificateSheet>>;

/**
 * One certificate's print data. The issuer (issue 15 item 5): a land contract certificate is
 * issued by the county government (农村土地承包法 §24), a homestead's 不动产权证 by the county's
 * real-estate registration authority (不动产登记暂行条例 §6-7), a share certificate by the
 * collective economic organisation itself. The app records them; it issues none of the first two.
 */
export async function certificateSheet(db: Db, actor: Actor, certId: string, publicBaseUrl: string, at: Date) {
  const data = await certificateForPrint(db, actor, certId);
  const [collective, members] = await Promise.all([
    getCollective(db, data.holder.collectiveId),
    householdMembers(db, actor, data.holder, 'certificate', at),
  ]);
  const [county] = await db
    .select({ name: regions.name })
    .from(regions)
    .where(eq(regions.code, data.holder.regionCode.slice(0, 6)))
    .limit(1);
  const verifyUrl = `${publicBaseUrl}/verify/${data.certificate.verifyToken}`;
  const qr = await QRCode.toDataURL(verifyUrl, { errorCorrectionLevel: 'M', margin: 1, width: 180 });
  const r = data.detail.right;
  const sketches =
    r.kind === 'land' ? (data.detail.parcels ?? []).filter((p) => p.status === 'active').length : r.kind === 'homestead' ? 1 : 0;
  return {
    ...data,
    collective,
    members,
    verifyUrl,
    qr,
    issuer:
      r.kind === 'shares'
        ? { kind: 'collective' as const, name: collective.name }
        : { kind: r.kind === 'homestead' ? ('realEstate' as const) : ('county' as const), name: county?.name ?? '' },
    registeredAt: r.createdAt,
    sketches,
    annex: sketches > SKETCHES_ON_PAGE,
  };
}
