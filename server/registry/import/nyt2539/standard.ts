// The NY/T 2539-2016 (农村土地承包经营权确权登记数据库规范) tables and fields this import reads,
// and where each goes in the registry. Field names and lengths are those of the standard's
// appendix B (attribute tables) and A (layer DK); code tables are appendix C (codes.ts).
// Fields not listed are read past (e.g. 调查记事, 公示记事, 地块示意图).
//
// | table / layer        | field     | meaning (standard)            | registry (plain row)                    |
// |----------------------|-----------|-------------------------------|-----------------------------------------|
// | FBF 发包方           | FBFBM     | 发包方编码, 14 digits          | collective: regionCode (12) + groupCode (2) |
// |                      | FBFMC     | 发包方名称                     | collective.name                          |
// |                      | FBFFZRXM  | 负责人姓名                     | collective.leaderName                    |
// |                      | FBFDZ     | 发包方地址                     | collective.address                       |
// | CBF 承包方           | CBFBM     | 承包方编码, 18 = FBFBM + 4     | household.code                           |
// |                      | CBFLX     | 承包方类型 (C.16)              | 1 农户 / 2 个人 kept; 3 单位 refused       |
// |                      | CBFMC     | 承包方(代表)名称               | household.headName (checked vs the head) |
// |                      | CBFDZ     | 承包方地址                     | household.address                        |
// |                      | LXDH      | 联系电话                       | household.phone                          |
// |                      | CBFCYSL   | 成员数量                       | checked against CBF_JTCY                 |
// | CBF_JTCY 家庭成员    | CBFBM     | 承包方编码                     | member → household                       |
// |                      | CYXM      | 成员姓名                       | member.name                              |
// |                      | CYXB      | 性别 (C.17: 1 男, 2 女)         | member.sex (checked vs the ID number)    |
// |                      | CYZJLX    | 证件类型 (C.15)                | member.idType                            |
// |                      | CYZJHM    | 证件号码                       | member.idNumber (15-digit kept, flagged) |
// |                      | YHZGX     | 与户主关系 (GB/T 4761)         | member.relation                          |
// |                      | CYBZ      | 成员备注 (C.18)                | member.note                              |
// |                      | SFGYR     | 是否共有人 (C.19)              | member.coOwner                           |
// |                      | CYBZSM    | 成员备注说明                   | member.noteText                          |
// | CBHT 承包合同        | CBHTBM    | 承包合同编码                   | landContract.contractNo                  |
// |                      | FBFBM, CBFBM | 发包方, 承包方               | checked: FBFBM = CBFBM's first 14 digits |
// |                      | CBFS      | 承包方式 (C.10)                | landContract.mode                        |
// |                      | CBQXQ/CBQXZ | 承包期限起/止 (YYYYMMDD)      | landContract.startDate / endDate         |
// |                      | HTZMJ/HTZMJM | 合同总面积 m² / 亩           | landContract.areaMuCenti                 |
// |                      | CBDKZS    | 承包地块总数                   | checked against CBDKXX                   |
// | CBDKXX 承包地块信息  | DKBM      | 地块编码, 19 = FBFBM + 5       | parcel.code                              |
// |                      | CBHTBM, CBFBM | 合同, 承包方               | parcel → contract (checked)              |
// |                      | CBJYQZBM  | 承包经营权证编码               | certificate ↔ contract                   |
// |                      | HTMJ/HTMJM | 合同面积 m² / 亩              | parcel.contractAreaMuCenti               |
// | DK 地块 (layer)      | DKBM, DKMC | 地块编码, 名称                | parcel.code / parcel.name                |
// |                      | DKLB      | 地块类别 (C.7)                 | parcel.category                          |
// |                      | TDLYLX    | 土地利用类型 (GB/T 21010)      | parcel.landClass                         |
// |                      | TDYT      | 土地用途 (C.9)                 | parcel.use                               |
// |                      | SFJBNT    | 是否基本农田 (C.19)            | parcel.basicFarmland                     |
// |                      | SCMJ/SCMJM | 实测面积 m² / 亩              | parcel.areaM2Centi / areaMuCenti         |
// |                      | DKDZ/DKNZ/DKXZ/DKBZ | 东/南/西/北至        | parcel.east/south/west/north             |
// |                      | (shape)   | CGCS2000 3° GK                 | parcel.geometry, as recorded             |
// | CBJYQZ 权证          | CBJYQZBM, FZJG, FZRQ | 编码, 发证机关, 发证日期 | certificate.number/issuer/issuedOn    |
// | CBJYQZ_QZBF / _QZHF  | CBJYQZBM, QZBFYY/BFRQ, QZHFYY/HFRQ | 补发, 换发 | certificate.reissues              |
// | CBJYQZ_QZZX          | CBJYQZBM, ZXYY, ZXRQ | 注销原因, 日期          | certificate.cancelled                    |
// | CBJYQZDJB 登记簿     | CBJYQZBM, CBFBM | 登记簿 ↔ 承包方            | certificate → household when CBDKXX lacks it |
// | LZHT 流转合同        | LZHTBM, CBHTBM, CBFBM (also written CFBBM), SRFBM, LZFS, LZQXKSRQ, LZQXJSRQ, LZMJ/LZMJM, LZDKS, HTQDRQ | transfer |
//
// Areas: 1 亩 = 10000/15 m² exactly (666.67 is a rounding); the registry keeps hundredths of a
// mu (areaMuCenti) for land and hundredths of a m² for surveyed areas. The parcel's
// areaMuCenti is its 实测面积 (SCMJM, or SCMJ converted), the area 确权 certified; the contract
// area (HTMJ/HTMJM) is kept beside it.

export const TABLE_NAMES: Record<string, string> = {
  FBF: '发包方',
  CBF: '承包方',
  CBF_JTCY: '家庭成员',
  CBHT: '承包合同',
  CBDKXX: '承包地块信息',
  CBJYQZ: '承包经营权证',
  CBJYQZDJB: '登记簿',
  CBJYQZ_QZBF: '权证补发',
  CBJYQZ_QZHF: '权证换发',
  CBJYQZ_QZZX: '权证注销',
  LZHT: '流转合同',
  DK: '地块',
};

/** Tables without which no household can be imported; the others are read when present. */
export const REQUIRED_TABLES = ['FBF', 'CBF', 'CBF_JTCY', 'CBHT', 'CBDKXX'] as const;

/** Fields a table must have (as columns), with their names for the message. */
export const REQUIRED_FIELDS: Record<string, Record<string, string>> = {
  FBF: { FBFBM: '发包方编码', FBFMC: '发包方名称' },
  CBF: { CBFBM: '承包方编码', CBFMC: '承包方名称' },
  CBF_JTCY: { CBFBM: '承包方编码', CYXM: '成员姓名', CYZJHM: '证件号码', YHZGX: '与户主关系' },
  CBHT: { CBHTBM: '承包合同编码', CBFBM: '承包方编码', CBQXQ: '承包期限起', CBQXZ: '承包期限止' },
  CBDKXX: { DKBM: '地块编码', CBHTBM: '承包合同编码', CBFBM: '承包方编码' },
  CBJYQZ: { CBJYQZBM: '承包经营权证编码' },
  LZHT: { LZHTBM: '流转合同编码' },
  DK: { DKBM: '地块编码' },
};
