import { deflateRawSync } from 'node:zlib';
import type { SecurityWorld } from '../helpers/security-world';

// Where hostile-input.test.ts finds the forms to attack: the pages each role works with, in
// the world of test/helpers/security-world.ts (own scope; out-of-scope is the matrix's job).

export function hostilePages(w: SecurityWorld): Record<string, string[]> {
  const o = w.own;
  const hh = `/households/${o.hh.id}`;
  return {
    anon: ['/login', '/activate'],
    farmer: [
      '/my',
      `/rights/${o.land.id}/list`,
      `/rights/${o.land.id}/list?path=exit`,
      `/listings/${o.open.id}`,
      `/listings/${o.draft.id}`,
      `/deals/${o.deal.id}`,
      '/notifications',
      '/account/password',
    ],
    buyer: [`/listings/${o.open.id}`, `/deals/${o.deal.id}`],
    officer: [
      '/households/new',
      hh,
      `${hh}/edit`,
      `${hh}/members/${o.spouse.id}/edit`,
      `/households/${o.buyerHh.id}/rights/new/land`,
      `/households/${o.buyerHh.id}/rights/new/homestead`,
      `/households/${o.buyerHh.id}/rights/new/shares`,
      '/dividends',
      `${hh}/accounts/new`,
      `/rights/${o.land.id}/list`,
      `/listings/${o.open.id}`,
      `/listings/${o.draft.id}`,
      `/deals/${o.deal.id}`,
      '/imports/new',
      '/exports',
    ],
    bureau: [
      '/oversight/report',
      '/oversight/prices',
      '/oversight/settings',
      `/oversight/listings/${o.open.id}`,
      `/oversight/deals/${o.deal.id}`,
      '/oversight/alerts',
      '/oversight/audit/verify',
    ],
    admin: [
      `/admin/regions/${o.c.regionCode.slice(0, 6)}`,
      `/admin/regions/${o.c.regionCode.slice(0, 9)}`,
      '/admin/collectives/new',
      `/admin/collectives/${o.c.id}/edit`,
      '/admin/users/new',
      `/admin/users?q=${w.spare.username}`,
      '/admin/tokens/new',
      '/admin/tokens',
    ],
  };
}

/** An OpenAPI path template with its ids from the own side of the world, chosen by what they name. */
export function scopeIds(tpl: string, w: SecurityWorld): string {
  const o = w.own;
  const byCollection: Record<string, string> = {
    households: o.hh.id,
    rights: o.land.id,
    certificates: o.landCert.id,
    listings: o.open.id,
    deals: o.deal.id,
    offers: o.offer.id,
    consents: o.consent.id,
    verify: o.landCert.verifyToken,
  };
  return tpl.replace(/\/([a-z-]+)\/\{[A-Za-z]+\}/g, (_m, coll: string) => `/${coll}/${byCollection[coll] ?? o.hh.id}`);
}

/** A zip archive of one entry, deflated: what an .xlsx is made of. */
function zipOf(name: string, content: Buffer): Buffer {
  const data = deflateRawSync(content, { level: 9 });
  const n = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(0, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(n.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + n.length, 12);
  end.writeUInt32LE(30 + n.length + data.length, 16);
  return Buffer.concat([local, n, data, central, n, end]);
}

export { zipOf };

/** Files a hostile upload may carry: wrong types under good names, markup in names and content, formulas, a small bomb. */
export const uploadFile: { name: string; bytes: Buffer }[] = [
  { name: 'consent.pdf', bytes: Buffer.from('<html><script>sqx(1)</script></html>') },
  { name: '"><img src=x onerror=sqx(2)>.pdf', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') },
  { name: 'register.xlsx', bytes: Buffer.from('MZ\x90\x00 not a zip') },
  { name: 'register.csv', bytes: Buffer.from('承包方编码,姓名\n=HYPERLINK("http://evil.example"),<script>sqx(1)</script>\n') },
  { name: 'bomb.xlsx', bytes: zipOf('xl/worksheets/sheet1.xml', Buffer.alloc(30 * 1024 * 1024, 0x20)) },
  { name: '../../../etc/passwd', bytes: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]) },
];
