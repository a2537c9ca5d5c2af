// Shaoguan (韶关市) and its ten county-level divisions with their real codes (GB/T 2260).
// Township names are real; their 9-digit codes follow the statistical code form
// (county code + 3 digits) in the order listed here, and are not copied from the NBS table.
// Villages are added only where the demo places collectives.

export type RegionSeed = { code: string; name: string; level: 'city' | 'county' | 'township' | 'village'; parentCode: string | null };

export const CITY = { code: '440200', name: '韶关市' };

export const COUNTIES: [string, string, string[]][] = [
  ['440203', '武江区', ['西联镇', '西河镇', '龙归镇', '江湾镇', '重阳镇']],
  ['440204', '浈江区', ['十里亭镇', '犁市镇', '花坪镇']],
  ['440205', '曲江区', ['马坝镇', '大塘镇', '枫湾镇', '樟市镇', '白土镇']],
  ['440222', '始兴县', ['太平镇', '马市镇', '顿岗镇', '沈所镇']],
  ['440224', '仁化县', ['丹霞街道', '周田镇', '董塘镇', '长江镇']],
  ['440229', '翁源县', ['龙仙镇', '坝仔镇', '江尾镇', '官渡镇']],
  ['440232', '乳源瑶族自治县', ['乳城镇', '一六镇', '桂头镇', '大桥镇']],
  ['440233', '新丰县', ['丰城街道', '马头镇', '回龙镇', '梅坑镇']],
  ['440281', '乐昌市', ['乐城街道', '坪石镇', '北乡镇', '长来镇']],
  ['440282', '南雄市', ['雄州街道', '珠玑镇', '乌迳镇', '湖口镇']],
];

export const DEMO_VILLAGES: [string, string][] = [
  ['440205100', '龙岗村'],
  ['440205100', '新塘村'],
  ['440203100', '沐溪村'],
  ['440282101', '里东村'],
];

export function shaoguanRegions(): RegionSeed[] {
  const out: RegionSeed[] = [{ code: CITY.code, name: CITY.name, level: 'city', parentCode: null }];
  for (const [code, name, towns] of COUNTIES) {
    out.push({ code, name, level: 'county', parentCode: CITY.code });
    for (const [i, t] of towns.entries()) out.push({ code: `${code}${String(100 + i)}`, name: t, level: 'township', parentCode: code });
  }
  const seen: Record<string, number> = {};
  for (const [town, name] of DEMO_VILLAGES) {
    seen[town] = (seen[town] ?? 200) + 1;
    out.push({ code: `${town}${seen[town]}`, name, level: 'village', parentCode: town });
  }
  return out;
}
