// The registry's standard vocabulary in its spreadsheets: the Chinese (and English) names of
// relations, hukou, land classes, terrains, sexes and right statuses that the import reads and
// the export writes. These are data of the file format (a county's spreadsheet says 户主 and
// 水田 whatever the reader's language), not translations of the pages, so the area keeps them
// itself instead of reading the i18n dictionaries (docs/ARCHITECTURE.md: areas choose no words).
// The pages show the same names from server/platform/i18n; test/unit/registry-vocabulary.test.ts
// keeps the two equal.

const zh = {
  status: { active: '正常', listed: '挂牌中', in_transaction: '交易中', transferred: '已流转', exited: '已退出', cancelled: '已注销' },
  terrain: { plain: '平原', hill: '丘陵', mountain: '山区' },
  landClass: { paddy: '水田', dry: '旱地', irrigated: '水浇地', orchard: '园地', forest: '林地', other: '其他' },
  relation: {
    head: '户主',
    spouse: '配偶',
    child: '子女',
    parent: '父母',
    grandchild: '孙子女',
    grandparent: '祖父母',
    sibling: '兄弟姐妹',
    child_in_law: '儿媳/女婿',
    other: '其他',
  },
  sex: { M: '男', F: '女' },
  hukou: { rural: '农村户籍', settled_city: '已进城落户' },
};

const en: typeof zh = {
  status: {
    active: 'Active',
    listed: 'Listed',
    in_transaction: 'In transaction',
    transferred: 'Transferred',
    exited: 'Exited',
    cancelled: 'Cancelled',
  },
  terrain: { plain: 'plain', hill: 'hill', mountain: 'mountain' },
  landClass: { paddy: 'Paddy', dry: 'Dry land', irrigated: 'Irrigated', orchard: 'Orchard', forest: 'Forest', other: 'Other' },
  relation: {
    head: 'Head',
    spouse: 'Spouse',
    child: 'Child',
    parent: 'Parent',
    grandchild: 'Grandchild',
    grandparent: 'Grandparent',
    sibling: 'Sibling',
    child_in_law: 'Child-in-law',
    other: 'Other',
  },
  sex: { M: 'Male', F: 'Female' },
  hukou: { rural: 'Rural hukou', settled_city: 'Settled in a city' },
};

/** The spreadsheets' words: Chinese (what the export writes) and English (also accepted by the import). */
export const VOCABULARY = { zh, en } as const;
