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

export function translator(lang: Lang): TFunction {
  return instance.getFixedT(lang);
}

export function pickLang(value: unknown): Lang {
  return value === 'en' ? 'en' : 'zh-CN';
}

export function hasKey(key: string, lang: Lang = 'zh-CN'): boolean {
  return instance.exists(key, { lng: lang });
}

export const resources = { 'zh-CN': merge(zh), en: merge(en) };
export type { TFunction };
