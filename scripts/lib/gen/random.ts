// Deterministic randomness for the data generator: the same size and seed give the same
// data set, so benchmark runs on two machines (or two days) measure the same thing.

export class Rand {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  /** mulberry32: small, fast, good enough for test data (not for anything secret). */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)];
  }

  /** One of the keys, with the weights given. */
  weighted<T extends string>(w: Readonly<Record<T, number>>): T {
    const keys = Object.keys(w) as T[];
    let total = 0;
    for (const k of keys) total += w[k];
    let x = this.next() * total;
    for (const k of keys) {
      x -= w[k];
      if (x < 0) return k;
    }
    return keys[keys.length - 1];
  }

  private idPrefix: string | null = null;
  private idCount = 0;

  /**
   * A UUID in the version-4 layout: a random prefix per run and a counter, so keys are
   * unique, known before the rows exist (COPY), and ascending, which keeps primary-key
   * index inserts at the right edge of the B-tree instead of all over it.
   */
  uuid(): string {
    if (!this.idPrefix) {
      const h = [0, 1]
        .map(() =>
          Math.floor(this.next() * 4294967296)
            .toString(16)
            .padStart(8, '0'),
        )
        .join('');
      this.idPrefix = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a`;
    }
    const n = ++this.idCount;
    return `${this.idPrefix}${(Math.floor(n / 2 ** 48) % 4096).toString(16).padStart(3, '0')}-${(n % 2 ** 48).toString(16).padStart(12, '0')}`;
  }
}

// Surnames as common in northern Guangdong (Hakka and Cantonese areas, Yao families in Ruyuan).
const SURNAMES = {
  陈: 9,
  李: 8,
  黄: 7,
  张: 6,
  刘: 6,
  林: 4,
  吴: 4,
  罗: 4,
  何: 3,
  钟: 4,
  邓: 4,
  谢: 3,
  曾: 4,
  朱: 3,
  叶: 3,
  邱: 3,
  赖: 3,
  廖: 3,
  温: 2,
  邹: 2,
  梁: 3,
  周: 3,
  杨: 3,
  王: 3,
  冯: 2,
  蓝: 1,
  盘: 1,
  赵: 1,
  徐: 2,
  潘: 1,
  胡: 2,
  范: 1,
  骆: 1,
  官: 1,
  欧阳: 1,
  司徒: 1,
  华: 1,
  卢: 2,
  彭: 2,
  肖: 2,
  江: 2,
  汤: 1,
  利: 1,
  丘: 1,
  侯: 1,
  聂: 1,
} as const;
const MALE = '建国明华伟强军志勇文斌海波俊杰永福德顺金荣光辉宏伟家豪子轩浩然宇航俊熙锦涛振兴世昌国平志明伟东'.split('');
const FEMALE = '秀英丽华美玲小红桂芳淑珍玉兰春梅丽娟晓燕慧敏婷婷思颖雅琪欣怡佳慧月娥凤英金凤彩霞翠萍'.split('');

export function surname(r: Rand): string {
  return r.weighted(SURNAMES);
}

export function givenName(r: Rand, sex: 'M' | 'F'): string {
  const chars = sex === 'M' ? MALE : FEMALE;
  return r.chance(0.75) ? r.pick(chars) + r.pick(chars) : r.pick(chars);
}

const VILLAGE_SYLLABLES = '龙新塘坪岗石联光东西上下大小水田江山竹梅桥头坑冲坝洞围岭溪源塘湖沙木桂丰安和平乐兴富'.split('');

/** A plausible village name (two syllables + 村), unique within `taken`. */
export function villageName(r: Rand, taken: Set<string>): string {
  for (let i = 0; i < 200; i++) {
    const n = r.pick(VILLAGE_SYLLABLES) + r.pick(VILLAGE_SYLLABLES) + '村';
    if (!taken.has(n) && n[0] !== n[1]) {
      taken.add(n);
      return n;
    }
  }
  const n = `${r.pick(VILLAGE_SYLLABLES)}${taken.size}村`;
  taken.add(n);
  return n;
}

export const PARCEL_NAMES = [
  '塘背田',
  '大丘田',
  '山脚地',
  '河边田',
  '门口田',
  '坑尾田',
  '岭背地',
  '果园',
  '竹山地',
  '菜地',
  '水口田',
  '新开田',
  '长丘',
  '垌心田',
  '松树岗',
];
export const BOUNDS = ['机耕路', '水渠', '小河', '村道', '山林', '荒坡', '集体林', '河堤', '鱼塘', '公路'];
export const CITIES = { 广州市: 30, 深圳市: 25, 东莞市: 15, 佛山市: 10, 韶关市: 10, 惠州市: 5, 中山市: 5 } as const;
export const GROUP_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** A mobile number in the forms China Mobile / Unicom / Telecom hand out. */
export function phone(r: Rand): string {
  return (
    r.pick(['138', '139', '137', '135', '150', '152', '158', '188', '186', '133', '189', '180']) +
    String(r.int(0, 99_999_999)).padStart(8, '0')
  );
}
