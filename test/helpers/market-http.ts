import type { Express } from 'express';
import { listMembers } from '../../server/registry/households';
import type { Db } from '../../server/platform/db';
import { makeCollective, makeHousehold, makeUser, VILLAGE_B } from './factories';
import { loginAs, type Agent } from './http';
import { farmerOf } from './market';

// HTTP market tests: a collective with an officer, a seller whose head has an account (the
// spouse has none), buyers with accounts, and an outsider farmer of another collective.

export const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(200, 0x20), Buffer.from('\n%%EOF\n')]);

export async function httpWorld(db: Db, app: Express) {
  const c = await makeCollective(db, { totalShares: 1000 });
  const { actor: officer, user: officerUser } = await makeUser(db, 'officer', { collectiveId: c.id });
  const sellerHh = await makeHousehold(db, officer, c);
  const seller = await farmerOf(db, sellerHh);
  const spouse = (await listMembers(db, sellerHh.id)).find((m) => m.relation === 'spouse')!;
  const buyer = async () => {
    const h = await makeHousehold(db, officer, c);
    const f = await farmerOf(db, h);
    return { household: h, ...f, agent: await loginAs(app, f.user.username) };
  };
  const other = await makeCollective(db, { regionCode: VILLAGE_B });
  const { actor: otherOfficer } = await makeUser(db, 'officer', { collectiveId: other.id });
  const outsiderHh = await makeHousehold(db, otherOfficer, other);
  const outsider = await farmerOf(db, outsiderHh);
  return {
    c,
    officer,
    sellerHh,
    seller: seller.actor,
    spouse,
    buyer,
    outsider,
    officerAgent: await loginAs(app, officerUser.username),
    sellerAgent: await loginAs(app, seller.user.username),
    outsiderAgent: await loginAs(app, outsider.user.username),
  };
}

/** A multipart POST of a consent scan, with the CSRF token in the body as the form sends it. */
export async function uploadScan(
  agent: Agent,
  listingId: string,
  memberId: string,
  file: Buffer,
  name = 'consent.pdf',
  type = 'application/pdf',
) {
  return agent
    .post(`/listings/${listingId}/paper-consents`)
    .field('_csrf', await agent.csrf())
    .field('memberId', memberId)
    .attach('scan', file, { filename: name, contentType: type });
}

export const idFromLocation = (loc: string) => loc.split('/').pop()!;
