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
 * The language's t(), the same function for every request. i18next's own lookup was a fifth of
 * a household page's CPU time (BENCHMARKS.md), and a page calls t() hundreds of times, so:
 * - a plain key (no options) is looked up once and then served from a map;
 * - a call whose options are only the message's own placeholders and a defaultValue (a parcel's
 *   area, a member's age, a trail action's name) fills the message's text itself; see fill().
 * Anything else (plurals, context, formats, nesting, a value that could look like syntax) goes to
 * i18next every time. Every map is bounded, so keys made from input cannot grow it without end.
 * test/unit/i18n-shortcut.test.ts holds every message of both languages to i18next's own answer.
 */
export function translator(lang: Lang): TFunction {
  let t = fixed.get(lang);
  if (!t) fixed.set(lang, (t = memo(lang, instance.getFixedT(lang))));
  return t;
}

/** i18next itself for `lang`, without the shortcuts above: what translator() must equal (tests). */
export function i18nextTranslator(lang: Lang): TFunction {
  return instance.getFixedT(lang);
}

const CACHE_MAX = 10_000;
const setBounded = <K, V>(m: Map<K, V>, k: K, v: V) => {
  if (m.size < CACHE_MAX) m.set(k, v);
};

function memo(lang: Lang, t: TFunction): TFunction {
  const plain = new Map<string, unknown>();
  const call = t as unknown as (...args: unknown[]) => unknown;
  const f = (...args: unknown[]) => {
    const key = args[0];
    if (typeof key !== 'string') return call(...args);
    if (args.length === 1) {
      let v = plain.get(key);
      if (v === undefined) {
        v = call(key);
        setBounded(plain, key, v);
      }
      return v;
    }
    const options = args[1];
    if (args.length === 2 && options && typeof options === 'object' && !Array.isArray(options)) {
      const v = shortcut(lang, key, options as Record<string, unknown>);
      if (v !== undefined) return v;
    }
    return call(...args);
  };
  const own = t as unknown as { lng?: string; ns?: unknown; keyPrefix?: string };
  return Object.assign(f, { lng: own.lng, ns: own.ns, keyPrefix: own.keyPrefix }) as unknown as TFunction;
}

/** A message split at its placeholders: parts[0] vars[0] parts[1] vars[1] … parts[n]. */
type Template = { parts: string[]; vars: string[] };
/** null: the message is not a string this shortcut can fill (nesting, formats, an object). */
type Message = Template | null | 'missing';

const PLACEHOLDER = /\{\{(.+?)\}\}/g;
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function templateOf(text: string): Template | null {
  if (text.includes('$t(')) return null; // nesting
  const parts: string[] = [];
  const vars: string[] = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    const name = m[1].trim();
    // "{{- x}}", "{{x, number}}" and "{{a.b}}" mean more than "put x here".
    if (!PLAIN_NAME.test(name)) return null;
    parts.push(text.slice(last, m.index));
    vars.push(name);
    last = (m.index ?? 0) + m[0].length;
  }
  parts.push(text.slice(last));
  return { parts, vars };
}

/** The message a key names in `lang`, then in the fallback language, as i18next resolves it; cached. */
function messageTexts(lang: Lang): (key: string) => Message {
  const chain: Lang[] = lang === 'zh-CN' ? ['zh-CN'] : [lang, 'zh-CN'];
  const cache = new Map<string, Message>();
  return (key) => {
    let m = cache.get(key);
    if (m === undefined) {
      m = 'missing';
      // ":" would name a namespace; i18next decides those.
      if (key.includes(':')) m = null;
      else
        for (const l of chain) {
          const v: unknown = instance.getResource(l, 'translation', key);
          if (v === undefined) continue;
          m = typeof v === 'string' ? templateOf(v) : null;
          break;
        }
      setBounded(cache, key, m);
    }
    return m;
  };
}

const messagesByLang = new Map<Lang, (key: string) => Message>();

/** What translator(lang) answers for (key, options) without i18next; undefined when i18next must answer. */
export function shortcut(lang: Lang, key: string, options: Record<string, unknown>): string | undefined {
  let messages = messagesByLang.get(lang);
  if (!messages) messagesByLang.set(lang, (messages = messageTexts(lang)));
  return fill(messages(key), options);
}

/**
 * The message with its placeholders filled from `options`, or undefined when i18next must
 * answer: an option that is not one of the message's placeholders (count, context, lng …), a
 * placeholder without a value, or a value that is neither a number nor a plain string.
 */
function fill(message: Message, options: Record<string, unknown>): string | undefined {
  let template: Template | null;
  if (message === 'missing') {
    const d = options.defaultValue;
    template = typeof d === 'string' ? templateOf(d) : null;
  } else template = message;
  if (!template) return undefined;
  for (const k in options) if (k !== 'defaultValue' && !template.vars.includes(k)) return undefined;
  let out = template.parts[0];
  for (let i = 0; i < template.vars.length; i++) {
    const v = options[template.vars[i]];
    if (typeof v === 'number') out += String(v);
    // "$" and "{{" in a value mean something to i18next's replacing; leave those to it.
    else if (typeof v === 'string' && !v.includes('$') && !v.includes('{{')) out += v;
    else return undefined;
    out += template.parts[i + 1];
  }
  return out;
}

export function pickLang(value: unknown): Lang {
  return value === 'en' ? 'en' : 'zh-CN';
}

export function hasKey(key: string, lang: Lang = 'zh-CN'): boolean {
  return instance.exists(key, { lng: lang });
}

export const resources = { 'zh-CN': merge(zh), en: merge(en) };
export type { TFunction };
