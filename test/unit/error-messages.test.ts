import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseSync } from '@swc/core';
import { AppError, DomainError, ValidationError } from '../../server/kernel/errors';
import { resources, translator } from '../../server/platform/i18n/index';
import { translateErrors } from '../../server/platform/messages';

// Issue 18 item 12: no `{{placeholder}}` reaches a page. Every place in the code that raises an
// error names its code and the values it passes; this renders each such message in both
// languages with exactly those values and checks the result is whole.

const ROOT = join(__dirname, '..', '..');
const PH = /{{\s*(\w+)\s*}}/g;

type Site = { code: string; params: string[] | 'dynamic'; where: string; zod?: boolean; raised?: boolean };

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === 'i18n' ? [] : files(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

type Node = { type: string; [k: string]: unknown };
const isNode = (v: unknown): v is Node => !!v && typeof v === 'object' && typeof (v as Node).type === 'string';

function paramNames(node: Node | undefined): string[] | 'dynamic' {
  if (!node) return [];
  if (node.type !== 'ObjectExpression') return 'dynamic';
  const names: string[] = [];
  for (const p of node.properties as Node[]) {
    if (p.type === 'Identifier') names.push(p.value as string);
    else if (p.type === 'KeyValueProperty' && isNode(p.key) && (p.key.type === 'Identifier' || p.key.type === 'StringLiteral'))
      names.push(p.key.value as string);
    else return 'dynamic';
  }
  return names;
}

function str(node: Node | undefined): string | null {
  return node?.type === 'StringLiteral' ? (node.value as string) : null;
}

function prop(o: Node, name: string): Node | undefined {
  for (const p of o.properties as Node[])
    if (p.type === 'KeyValueProperty' && isNode(p.key) && p.key.type === 'Identifier' && p.key.value === name) return p.value as Node;
  return undefined;
}

/** Every literal error code raised in server/ and routes/, with the parameter names given. */
function sites(): Site[] {
  const out: Site[] = [];
  for (const file of [...files(join(ROOT, 'server')), ...files(join(ROOT, 'routes'))]) {
    const where = relative(ROOT, file);
    const visit = (n: Node) => {
      if (n.type === 'NewExpression' && isNode(n.callee) && n.callee.type === 'Identifier') {
        const a = ((n.arguments as { expression: Node }[] | undefined) ?? []).map((x) => x.expression);
        const name = n.callee.value;
        if (name === 'DomainError' && str(a[0])) out.push({ code: str(a[0])!, params: paramNames(a[1]), where, raised: true });
        if (name === 'AppError' && str(a[1])) out.push({ code: str(a[1])!, params: paramNames(a[2]), where, raised: true });
        if (name === 'Conflict' && str(a[0])) out.push({ code: str(a[0])!, params: [], where, raised: true });
      }
      // Import problems: problems.add(row, column, 'code', { params }).
      if (n.type === 'CallExpression' && isNode(n.callee) && n.callee.type === 'MemberExpression') {
        const p = n.callee.property as Node;
        const a = (n.arguments as { expression: Node }[]).map((x) => x.expression);
        const code = str(a[2]);
        // (The NYT 2539 reader's problems take five arguments and have their own messages.)
        if (p.type === 'Identifier' && p.value === 'add' && code && a.length <= 4)
          out.push({ code, params: paramNames(a[3]), where, raised: true });
      }
      if (n.type === 'ObjectExpression') {
        // Field errors: { code: 'x', params: { … } }.
        const code = str(prop(n, 'code'));
        const params = prop(n, 'params');
        if (code && (params || hasErrorKey(code)) && (n.properties as Node[]).length <= 2)
          out.push({ code, params: paramNames(params), where, raised: !!params });
        // zod: { error: 'x' } / { message: 'x', params? }: the code travels through toFieldErrors.
        for (const key of ['error', 'message']) {
          const c = str(prop(n, key));
          if (c && hasErrorKey(c)) out.push({ code: c, params: paramNames(prop(n, 'params')), where, zod: true });
        }
      }
      for (const v of Object.values(n)) {
        if (Array.isArray(v)) for (const x of v) isNode(x) ? visit(x) : isNode(x?.expression) && visit(x.expression);
        else if (isNode(v)) visit(v);
      }
    };
    visit(parseSync(readFileSync(file, 'utf8'), { syntax: 'typescript', tsx: false }) as unknown as Node);
  }
  return out;
}

function lookup(lang: 'zh-CN' | 'en', code: string): unknown {
  return `errors.${code}`
    .split('.')
    .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), resources[lang]);
}

function hasErrorKey(code: string): boolean {
  return typeof lookup('zh-CN', code) === 'string';
}

function placeholders(s: string): string[] {
  return [...s.matchAll(PH)].map((m) => m[1]);
}

// Parameters that toFieldErrors fills from the zod issue itself (kernel/fields.ts).
const FROM_ZOD: Record<string, string[]> = { tooLong: ['max'] };

describe('Error messages are whole (issue 18 item 12)', () => {
  const found = sites();

  it('finds the places that raise errors (the scan itself works)', () => {
    assert.ok(found.length > 200, `only ${found.length} sites found`);
    assert.ok(found.some((s) => s.code === 'rule4.oversize'));
    assert.ok(found.some((s) => s.code === 'import.duplicateInFile' && Array.isArray(s.params) && s.params.includes('row')));
  });

  it('when code raises an error by name, then the message exists in Chinese and in English', () => {
    const missing = found.filter((s) => s.raised && !hasErrorKey(s.code)).map((s) => `${s.where} ${s.code}`);
    assert.deepEqual(missing, []);
  });

  it('when a message is rendered with the values its caller passes, then no {{placeholder}} is left, in either language', () => {
    const broken: string[] = [];
    for (const s of found) {
      if (!hasErrorKey(s.code) || s.params === 'dynamic') continue;
      const given = new Set([...s.params, ...(s.zod ? (FROM_ZOD[s.code] ?? []) : [])]);
      for (const lang of ['zh-CN', 'en'] as const) {
        const text = String(lookup(lang, s.code));
        const params = Object.fromEntries([...given].map((p) => [p, p === 'terrain' ? 'hill' : `‹${p}›`]));
        const err = new DomainError(s.code, params);
        const shown = translateErrors(translator(lang), err)._form;
        const left = placeholders(shown);
        if (left.length) broken.push(`${s.where} ${s.code} [${lang}] lacks ${left.join(', ')} (message: ${text})`);
      }
    }
    assert.deepEqual(broken, []);
  });

  it('when every error message is rendered with its own parameters, then each is whole text in both languages', () => {
    const all = (o: unknown, prefix: string): string[] =>
      o && typeof o === 'object' ? Object.entries(o).flatMap(([k, v]) => all(v, `${prefix}${prefix ? '.' : ''}${k}`)) : [prefix];
    const codes = all((resources['zh-CN'] as { errors: object }).errors, '');
    assert.ok(codes.length > 100);
    for (const code of codes) {
      for (const lang of ['zh-CN', 'en'] as const) {
        const text = String(lookup(lang, code));
        const params = Object.fromEntries(placeholders(text).map((p) => [p, p === 'terrain' ? 'plain' : '7']));
        const shown = translateErrors(translator(lang), new ValidationError({ f: { code, params } })).f;
        assert.equal(placeholders(shown).length, 0, `${code} [${lang}]: ${shown}`);
        assert.ok(!shown.startsWith('errors.'), `${code} [${lang}] has no text`);
        assert.ok(shown.trim().length > 1);
      }
    }
    // And an unknown code never shows its key or braces either.
    const shown = translateErrors(translator('zh-CN'), new AppError(400, 'noSuchCode'))._form;
    assert.ok(!shown.includes('{{'));
  });
});
