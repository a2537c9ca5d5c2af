import i18next, { type TFunction } from 'i18next';
import * as en from './en/index';
import * as zh from './zh/index';

export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];

function merge(parts: Record<string, object>): object {
  return Object.assign({}, ...Object.values(parts));
}

const instance = i18next.createInstance();
// initAsync: false makes init synchronous, so no top-level await (some loaders compile to CommonJS).
void instance.init({
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  supportedLngs: [...LANGS],
  // EJS escapes on output; escaping here too would show &lt; to users.
  interpolation: { escapeValue: false },
  returnNull: false,
  resources: { 'zh-CN': { translation: merge(zh) }, en: { translation: merge(en) } },
  initAsync: false,
});

const fixed = new Map<Lang, TFunction>();

/**
 * The language's t(), the same function for every request. A plain key (no options) is looked
 * up once and then served from a map: a page calls t() hundreds of times, and i18next's own
 * lookup was a fifth of a household page's CPU time (benchmarks, BENCHMARKS.md). Calls with
 * options (interpolation, plurals) go to i18next every time. The map is bounded, so keys
 * made from input cannot grow it without end.
 */
export function translator(lang: Lang): TFunction {
  let t = fixed.get(lang);
  if (!t) fixed.set(lang, (t = memo(instance.getFixedT(lang))));
  return t;
}

function memo(t: TFunction): TFunction {
  const cache = new Map<string, unknown>();
  const call = t as unknown as (...args: unknown[]) => unknown;
  const f = (...args: unknown[]) => {
    const key = args[0];
    if (args.length !== 1 || typeof key !== 'string') return call(...args);
    let v = cache.get(key);
    if (v === undefined) {
      v = call(key);
      if (cache.size < 10_000) cache.set(key, v);
    }
    return v;
  };
  const own = t as unknown as { lng?: string; ns?: unknown; keyPrefix?: string };
  return Object.assign(f, { lng: own.lng, ns: own.ns, keyPrefix: own.keyPrefix }) as unknown as TFunction;
}

export function pickLang(value: unknown): Lang {
  return value === 'en' ? 'en' : 'zh-CN';
}

export function hasKey(key: string, lang: Lang = 'zh-CN'): boolean {
  return instance.exists(key, { lng: lang });
}

export const resources = { 'zh-CN': merge(zh), en: merge(en) };
export type { TFunction };
