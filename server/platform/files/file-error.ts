// A file that cannot be read at all (a broken archive, a .dbf cut short, a .prj we must refuse).
// The format layer knows nothing of the registry's DomainError: it throws this, naming the
// file, and whoever calls it turns it into a problem or a 4xx. Messages are keys with their
// zh/en text here, so a caller can show them in the reader's language.

export const FILE_MESSAGES = {
  'zip.unreadable': { zh: '压缩包 {file} 无法读取：{detail}', en: 'The archive {file} cannot be read: {detail}' },
  'zip.tooManyEntries': {
    zh: '压缩包 {file} 内文件过多（{count} 个，上限 {max}）',
    en: 'The archive {file} holds too many files ({count}, at most {max})',
  },
  'zip.tooLarge': { zh: '压缩包 {file} 解压后过大（上限 {max}）', en: 'The archive {file} unpacks to too much (at most {max})' },
  'zip.ratio': {
    zh: '压缩包 {file} 中的 {entry} 压缩比异常（{ratio} 倍），疑为压缩炸弹',
    en: 'In the archive {file}, {entry} is compressed {ratio} times: refused as a likely zip bomb',
  },
  'mdb.unreadable': { zh: 'Access 数据库 {file} 无法读取：{detail}', en: 'The Access database {file} cannot be read: {detail}' },
  'mdb.noTable': { zh: 'Access 数据库 {file} 中没有表 {table}', en: 'The Access database {file} has no table {table}' },
  'xlsx.unreadable': { zh: '表格 {file} 无法读取：{detail}', en: 'The spreadsheet {file} cannot be read: {detail}' },
  'csv.unreadable': { zh: 'CSV 文件 {file} 无法读取：{detail}', en: 'The CSV file {file} cannot be read: {detail}' },
  'shp.missingPart': { zh: '矢量数据 {file} 缺少 {part} 文件', en: 'The shapefile {file} has no {part} file' },
  'shp.unreadable': { zh: '矢量文件 {file} 无法读取：{detail}', en: 'The shapefile part {file} cannot be read: {detail}' },
  'shp.countMismatch': {
    zh: '{file}：图形 {shapes} 个，属性记录 {records} 个，两者不一致',
    en: '{file}: {shapes} shapes but {records} attribute records',
  },
  'shp.encoding': { zh: '{file} 声明的编码 {encoding} 无法识别', en: '{file} declares an unknown encoding {encoding}' },
  'prj.missing': { zh: '{file} 缺少 .prj 坐标系文件，无法确定坐标系', en: '{file} has no .prj file: its coordinate system is unknown' },
  'prj.unreadable': { zh: '{file} 的坐标系定义无法解析', en: 'The coordinate system in {file} cannot be parsed' },
  'prj.notCgcs2000': {
    zh: '{file} 的坐标系为 {name}，不是 CGCS2000（2000 国家大地坐标系）；请先转换为 CGCS2000 3 度带高斯-克吕格投影',
    en: '{file} is in {name}, not CGCS2000: convert it to CGCS2000 3-degree Gauss-Krüger first',
  },
  'prj.notGaussKruger': {
    zh: '{file} 不是 3 度带高斯-克吕格投影（{detail}）',
    en: '{file} is not a 3-degree Gauss-Krüger projection ({detail})',
  },
  'prj.wrongMeridian': {
    zh: '{file} 的中央经线为 {found}°E，韶关应为 {expected}°E（3 度带第 {zone} 带）',
    en: '{file} has central meridian {found}°E; Shaoguan is at {expected}°E (3-degree zone {zone})',
  },
  'prj.layersDiffer': {
    zh: '{file} 的东坐标{found}，与同一数据包中的其他图层{expected}不一致',
    en: "{file} has eastings {found}, unlike the package's other layers ({expected})",
  },
  'prj.eastingMismatch': {
    zh: '{file} 的坐标（东坐标约 {easting}）与坐标系的假东偏移 {falseEasting} 不符',
    en: '{file}: eastings near {easting} do not fit the false easting {falseEasting}',
  },
} as const satisfies Record<string, { zh: string; en: string }>;

export type FileErrorCode = keyof typeof FILE_MESSAGES;

export class FileError extends Error {
  constructor(
    readonly code: FileErrorCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(fileMessage(code, params, 'en'));
    this.name = 'FileError';
  }
}

export function fileMessage(code: FileErrorCode, params: Record<string, string | number>, lang: 'zh' | 'en'): string {
  return FILE_MESSAGES[code][lang].replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** The message of anything a library threw, for the {detail} of a FileError. */
export function detailOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
