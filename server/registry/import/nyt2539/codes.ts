// Code tables of NY/T 2539-2016 appendix C (and the national standards it points to), as the
// registry needs them. Values are the codes as strings ('1', '10', '110'); the field practice
// of writing the words instead of the code ("户主", "妻") is accepted for 与户主关系.

/** C.15 证件类型. Only 1 (and 4, when the 户口簿 gives the person's ID number) identify a member here. */
export const ID_TYPES = {
  '1': { key: 'resident_id', zh: '居民身份证' },
  '2': { key: 'officer_id', zh: '军官证' },
  '3': { key: 'organisation_code', zh: '行政、企事业单位机构代码证或法人代码证' },
  '4': { key: 'household_register', zh: '户口簿' },
  '5': { key: 'passport', zh: '护照' },
  '9': { key: 'other', zh: '其他证件' },
} as const;
export type IdType = (typeof ID_TYPES)[keyof typeof ID_TYPES]['key'];

/** C.16 承包方类型. */
export const CONTRACTOR_TYPES = { '1': 'farmer', '2': 'person', '3': 'organisation' } as const;

/** C.17 性别 (GB/T 2261.1). */
export const SEXES = { '1': 'M', '2': 'F' } as const;

/** C.18 成员备注. */
export const MEMBER_NOTES = {
  '1': { key: 'married_out', zh: '外嫁女' },
  '2': { key: 'married_in', zh: '入赘男' },
  '3': { key: 'student', zh: '在校大学生' },
  '4': { key: 'civil_servant', zh: '国家公职人员' },
  '5': { key: 'soldier', zh: '军人（军官、士兵）' },
  '6': { key: 'newborn', zh: '新生儿' },
  '7': { key: 'deceased', zh: '去世' },
  '9': { key: 'other', zh: '其他备注' },
} as const;
export type MemberNote = (typeof MEMBER_NOTES)[keyof typeof MEMBER_NOTES]['key'];

/** C.19 是否. */
export const YES_NO = { '1': true, '2': false } as const;

/** C.7 地块类别. Only 10 is contracted land; the rest stays with the collective or the household outside a contract. */
export const PARCEL_CATEGORIES = {
  '10': { key: 'contracted', zh: '承包地块' },
  '21': { key: 'self_retained', zh: '自留地' },
  '22': { key: 'reserve', zh: '机动地' },
  '23': { key: 'reclaimed', zh: '开荒地' },
  '99': { key: 'other_collective', zh: '其他集体土地' },
} as const;
export type ParcelCategory = (typeof PARCEL_CATEGORIES)[keyof typeof PARCEL_CATEGORIES]['key'];

/** C.9 土地用途. */
export const LAND_USES = { '1': 'crops', '2': 'forestry', '3': 'livestock', '4': 'fishery', '5': 'non_agricultural' } as const;
export type LandUse = (typeof LAND_USES)[keyof typeof LAND_USES];

/** C.10 承包方式 / 承包经营权取得方式 (110 家庭承包 is the household contract of 农村土地承包法 Art. 3). */
export const CONTRACT_MODES = {
  '100': '承包',
  '110': '家庭承包',
  '120': '其他方式承包',
  '121': '招标',
  '122': '拍卖',
  '123': '公开协商',
  '129': '其他方式',
  '200': '转让',
  '300': '互换',
  '900': '其他方式',
} as const;

export type LandClass = 'paddy' | 'dry' | 'irrigated' | 'orchard' | 'forest' | 'other';

/** 土地利用类型 (GB/T 21010-2017 codes, the 2007 edition's too) → the registry's land class. */
export function landClassOf(code: string | null): LandClass {
  if (!code) return 'other';
  if (code === '011' || code === '0101') return 'paddy';
  if (code === '012' || code === '0102') return 'irrigated';
  if (code === '013' || code === '0103') return 'dry';
  if (/^(02|02\d{2}|02\d)$/.test(code)) return 'orchard';
  if (/^(03|03\d{2}|03\d)$/.test(code)) return 'forest';
  return 'other';
}

export type Relation = 'head' | 'spouse' | 'child' | 'parent' | 'grandchild' | 'grandparent' | 'sibling' | 'child_in_law' | 'other';

// 与户主关系, GB/T 4761 家庭关系代码: 01 本人, 02 户主, 1x 配偶, 20–29 子 (28 女婿), 30–39 女
// (38 儿媳), 4x 孙辈, 5x 父母, 6x 祖父母, 7x 兄弟姐妹, 8x/9x 其他.
const RELATION_WORDS: Record<string, Relation> = {
  本人: 'head',
  户主: 'head',
  配偶: 'spouse',
  夫: 'spouse',
  妻: 'spouse',
  丈夫: 'spouse',
  妻子: 'spouse',
  子: 'child',
  女: 'child',
  儿子: 'child',
  女儿: 'child',
  长子: 'child',
  次子: 'child',
  三子: 'child',
  长女: 'child',
  次女: 'child',
  三女: 'child',
  独生子: 'child',
  独生女: 'child',
  养子: 'child',
  养女: 'child',
  继子: 'child',
  继女: 'child',
  子女: 'child',
  女婿: 'child_in_law',
  儿媳: 'child_in_law',
  媳妇: 'child_in_law',
  孙子: 'grandchild',
  孙女: 'grandchild',
  外孙子: 'grandchild',
  外孙女: 'grandchild',
  外孙: 'grandchild',
  父亲: 'parent',
  母亲: 'parent',
  父: 'parent',
  母: 'parent',
  父母: 'parent',
  公公: 'parent',
  婆婆: 'parent',
  岳父: 'parent',
  岳母: 'parent',
  祖父: 'grandparent',
  祖母: 'grandparent',
  外祖父: 'grandparent',
  外祖母: 'grandparent',
  兄: 'sibling',
  弟: 'sibling',
  姐: 'sibling',
  妹: 'sibling',
  哥哥: 'sibling',
  弟弟: 'sibling',
  姐姐: 'sibling',
  妹妹: 'sibling',
  兄弟姐妹: 'sibling',
  其他: 'other',
  其他亲属: 'other',
  非亲属: 'other',
};

export function relationOf(raw: string): Relation | null {
  const s = raw.trim();
  if (/^\d{1,2}$/.test(s)) {
    const n = Number(s);
    if (n === 1 || n === 2) return 'head';
    if (n >= 10 && n <= 19) return 'spouse';
    if (n === 28 || n === 38) return 'child_in_law';
    if (n >= 20 && n <= 39) return 'child';
    if (n >= 40 && n <= 49) return 'grandchild';
    if (n >= 50 && n <= 59) return 'parent';
    if (n >= 60 && n <= 69) return 'grandparent';
    if (n >= 70 && n <= 79) return 'sibling';
    if (n >= 80 && n <= 99) return 'other';
    return null;
  }
  return RELATION_WORDS[s] ?? null;
}
