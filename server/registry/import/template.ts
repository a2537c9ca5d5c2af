import type { Writable } from 'node:stream';
import type { Actor } from '../../kernel/actor';
import { assertRole } from '../../kernel/actor';
import { idCheckChar } from '../../kernel/codes';
import { getCollective, issuerCode } from '../collectives';
import type { Db } from '../../platform/db';
import { csvWriter, xlsxWriter, type SheetRow } from '../../platform/files/register-writer';
import { KINDS, type Kind } from './columns';
import type { Format } from '../../platform/files/file-type';

const id = (first17: string) => first17 + idCheckChar(first17);

/**
 * One example household with codes of the officer's own collective, so the example is valid
 * as it stands (sequence 9999 is unlikely to be in use). The import page says to delete the
 * examples before filling in.
 */
export function exampleRows(prefix: string): Record<Kind, SheetRow[]> {
  const household = { householdCode: `${prefix}9999` };
  const contract = {
    ...household,
    contractNo: `HT-${prefix.slice(-6)}-9999`,
    startDate: '2018-01-01',
    endDate: '2047-12-31',
    landClass: '水田',
    south: '水渠',
    west: '林地',
    north: '山脚',
  };
  return {
    member: [
      {
        ...household,
        name: '张示例',
        idNumber: id('44020519700501001'),
        relation: '户主',
        collectiveMember: '是',
        hukouStatus: '农村户籍',
        phone: '13800000000',
        address: '示例村 1 号',
      },
      {
        ...household,
        name: '李示例',
        idNumber: id('44020519720815002'),
        relation: '配偶',
        collectiveMember: '是',
        hukouStatus: '已进城落户',
        settledOn: '2020-06-01',
        settledCity: '韶关市',
      },
    ],
    land_parcel: [
      { ...contract, parcelCode: `${prefix}99998`, parcelName: '大塘田', areaMu: '1.25', east: '张家田' },
      { ...contract, parcelCode: `${prefix}99999`, parcelName: '山边田', areaMu: '0.80', east: '村道' },
    ],
    homestead: [
      {
        ...household,
        homesteadCode: `${prefix}99997`,
        location: '示例村 1 号',
        areaM2: '75.50',
        terrain: '平原',
        approvalNo: '韶宅批2018-001',
        floorAreaM2: '120',
      },
    ],
    shares: [{ ...household, shares: 10 }],
  };
}

export async function writeTemplate(db: Db, actor: Actor, format: Format, out: Writable): Promise<void> {
  assertRole(actor, 'officer');
  const c = await getCollective(db, actor.collectiveId!);
  const rows = exampleRows(issuerCode(c));
  const w = format === 'xlsx' ? await xlsxWriter(out, false) : csvWriter(out, false);
  for (const kind of KINDS) {
    await w.sheet(kind);
    for (const r of rows[kind]) await w.row(r);
  }
  await w.end();
}
