import { now } from '../../server/kernel/clock';
import { createHash, randomBytes } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { apiTokens } from '../../models/accounts';
import type { Db } from '../../server/platform/db';
import { issueCertificate } from '../../server/registry/certificates';
import { listMembers } from '../../server/registry/households';
import { registerHomestead, registerLand, registerShares } from '../../server/registry/rights';
import { homesteadInput, landInput, makeCollective, makeHousehold, makeUser, parcelCode, VILLAGE_B } from './factories';
import { farmerOf } from './market';
import { openapiChecker } from './openapi-check';

// The market API's world: a collective whose seller household holds land (two parcels), a
// homestead and shares; the head and the spouse each have a farmer account with a token (so
// both consent through the API); buyers; an outsider farmer and an officer of another
// collective; the bureau of 曲江区 and an admin. Every call is checked against the document.

export type Call = { token?: string; body?: unknown; raw?: string; lang?: string };

export async function token(db: Db, userId: string): Promise<string> {
  const t = randomBytes(32).toString('base64url');
  await db.insert(apiTokens).values({
    userId,
    name: 'market test',
    tokenHash: createHash('sha256').update(t).digest('hex'),
    scopes: ['read', 'write'],
    createdBy: userId,
  });
  return t;
}

export async function apiClient(app: Express) {
  const doc = (await request(app).get('/api/openapi.json').expect(200)).body;
  const check = openapiChecker(doc);
  const call = async (method: 'get' | 'post', url: string, o: Call = {}) => {
    let req = request(app)[method](url);
    if (o.token) req = req.set('Authorization', `Bearer ${o.token}`);
    if (o.lang) req = req.set('Accept-Language', o.lang);
    if (o.raw !== undefined) req = req.set('Content-Type', 'application/json').send(o.raw);
    else if (o.body !== undefined) req = req.send(o.body as object);
    return check.check(method, url, await req);
  };
  return {
    check,
    get: (url: string, token?: string, lang?: string) => call('get', url, { token, lang }),
    post: (url: string, token: string | undefined, body?: unknown, lang?: string) => call('post', url, { token, body, lang }),
    raw: (url: string, token: string, raw: string) => call('post', url, { token, raw }),
  };
}

export async function apiMarketWorld(db: Db) {
  const c = await makeCollective(db, { totalShares: 1000 });
  const { actor: officer, user: officerUser } = await makeUser(db, 'officer', { collectiveId: c.id });
  const sellerHh = await makeHousehold(db, officer, c);
  const head = await farmerOf(db, sellerHh);
  const spouseMember = (await listMembers(db, sellerHh.id)).find((m) => m.relation === 'spouse')!;
  const spouse = await makeUser(db, 'farmer', { householdId: sellerHh.id, memberId: spouseMember.id });
  const base = landInput(c);
  const land = await registerLand(
    db,
    officer,
    sellerHh.id,
    {
      ...base,
      parcels: [base.parcels[0], { ...base.parcels[0], code: parcelCode(c), name: '后山田', areaMu: '0.80' }],
    },
    now(),
  );
  await issueCertificate(db, officer, land.id, {}, now());
  const homestead = await registerHomestead(db, officer, sellerHh.id, homesteadInput(c));
  const shares = await registerShares(db, officer, sellerHh.id, { shares: '20' });
  const other = await makeCollective(db, { regionCode: VILLAGE_B });
  const { actor: officerB, user: officerBUser } = await makeUser(db, 'officer', { collectiveId: other.id });
  const outsiderHh = await makeHousehold(db, officerB, other);
  const outsider = await farmerOf(db, outsiderHh);
  const bureau = await makeUser(db, 'bureau', { regionCode: '440205' });
  const admin = await makeUser(db, 'admin');
  const buyer = async () => {
    const h = await makeHousehold(db, officer, c);
    const f = await farmerOf(db, h);
    return { household: h, actor: f.actor, token: await token(db, f.user.id) };
  };
  return {
    c,
    officer,
    sellerHh,
    land,
    homestead,
    shares,
    spouseMember,
    bureau: bureau.actor,
    buyer,
    tok: {
      officer: await token(db, officerUser.id),
      seller: await token(db, head.user.id),
      spouse: await token(db, spouse.user.id),
      outsider: await token(db, outsider.user.id),
      officerB: await token(db, officerBUser.id),
      bureau: await token(db, bureau.user.id),
      admin: await token(db, admin.user.id),
    },
  };
}
