import assert from 'node:assert/strict';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Response } from 'supertest';

// Checks real responses against the OpenAPI 3.1 document: the operation must exist, the
// status must be listed, the body must match that status's schema and listed headers must
// be there. It also remembers which operations were exercised, so a test can demand all.

type Doc = {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, object>; responses: Record<string, object> };
};
type ResponseObject = { content?: Record<string, { schema: object }>; headers?: Record<string, { required?: boolean }> };

const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
const METHODS = ['get', 'post', 'patch', 'put', 'delete'];

/** '#/components/schemas/X' → '#/$defs/X', so each schema compiles on its own with the components beside it. */
function rewrite<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', '"#/$defs/')) as T;
}

export function openapiChecker(doc: Doc, prefix = '/api') {
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  const defs = rewrite(doc.components.schemas);
  const cache = new Map<string, ValidateFunction>();
  const compile = (key: string, schema: object) => {
    let v = cache.get(key);
    if (!v) {
      v = ajv.compile({ ...rewrite(schema), $defs: defs });
      cache.set(key, v);
    }
    return v;
  };
  const templates = Object.keys(doc.paths)
    .map((tpl) => ({
      tpl,
      literal: !tpl.includes('{'),
      re: new RegExp('^' + prefix + tpl.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+') + '$'),
    }))
    .sort((a, b) => Number(b.literal) - Number(a.literal));
  const seen = new Set<string>();

  function operation(method: string, url: string) {
    const path = url.split('?')[0];
    const hit = templates.find((t) => t.re.test(path));
    assert.ok(hit, `no path in the OpenAPI document matches ${path}`);
    const op = doc.paths[hit.tpl][method.toLowerCase()] as { responses: Record<string, unknown> } | undefined;
    assert.ok(op, `${method.toUpperCase()} ${hit.tpl} is not in the OpenAPI document`);
    return { tpl: hit.tpl, op };
  }

  function resolve(r: unknown): ResponseObject {
    const o = r as { $ref?: string };
    if (o.$ref) return doc.components.responses[o.$ref.replace('#/components/responses/', '')] as ResponseObject;
    return o as ResponseObject;
  }

  return {
    /** Every compile error in the document's schemas surfaces here, not in the middle of a test. */
    compileAll(): number {
      let n = 0;
      for (const name of Object.keys(doc.components.schemas)) {
        compile(`#${name}`, { $ref: `#/components/schemas/${name}` });
        n++;
      }
      for (const [tpl, item] of Object.entries(doc.paths)) {
        for (const m of METHODS) {
          const op = item[m] as { responses?: Record<string, unknown> } | undefined;
          for (const [status, r] of Object.entries(op?.responses ?? {})) {
            const content = resolve(r).content ?? {};
            // A file or GeoJSON answer (a package, a map layer) is documented by its own media type.
            if (!content['application/json'] && Object.keys(content).length) continue;
            const schema = content['application/json']?.schema;
            assert.ok(schema, `${m} ${tpl} ${status} has no JSON schema`);
            compile(`${m} ${tpl} ${status}`, schema);
            n++;
          }
        }
      }
      return n;
    },

    /** Fails unless the response is documented for this method, path and status, and matches it. */
    check(method: string, url: string, res: Response): Response {
      const { tpl, op } = operation(method, url);
      const status = String(res.status);
      const documented = op.responses[status];
      assert.ok(
        documented,
        `${method.toUpperCase()} ${tpl} answered ${status}, which the OpenAPI document does not list: ${res.text.slice(0, 300)}`,
      );
      const r = resolve(documented);
      const schema = r.content?.['application/json']?.schema;
      assert.ok(schema, `${method.toUpperCase()} ${tpl} ${status}: no JSON schema`);
      assert.match(String(res.headers['content-type']), /^application\/json/, `${method.toUpperCase()} ${url} ${status} is not JSON`);
      const validate = compile(`${method.toLowerCase()} ${tpl} ${status}`, schema);
      assert.ok(
        validate(res.body),
        `${method.toUpperCase()} ${url} ${status} does not match its schema: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(res.body).slice(0, 600)}`,
      );
      for (const [name, h] of Object.entries(r.headers ?? {})) {
        if (h.required) assert.ok(res.headers[name.toLowerCase()], `${method.toUpperCase()} ${tpl} ${status}: header ${name} missing`);
      }
      seen.add(`${method.toLowerCase()} ${tpl}`);
      return res;
    },

    /** For answers outside any documented path (an unknown URL): the body must still match a named schema. */
    matches(name: string, body: unknown): void {
      const validate = compile(`#${name}`, { $ref: `#/components/schemas/${name}` });
      assert.ok(validate(body), `body does not match ${name}: ${ajv.errorsText(validate.errors)}`);
    },

    /**
     * Documented operations that no test has called yet; `tags` keeps those with one of the
     * tags, `exceptTags` leaves them out (so each test file can answer for its own part).
     */
    unexercised(filter: { tags?: string[]; exceptTags?: string[] } = {}): string[] {
      const wanted = (op: { tags?: string[] }) => {
        const tags = op.tags ?? [];
        if (filter.tags && !tags.some((t) => filter.tags!.includes(t))) return false;
        return !(filter.exceptTags && tags.some((t) => filter.exceptTags!.includes(t)));
      };
      return Object.entries(doc.paths)
        .flatMap(([tpl, item]) => METHODS.filter((m) => item[m] && wanted(item[m] as { tags?: string[] })).map((m) => `${m} ${tpl}`))
        .filter((k) => !seen.has(k));
    },
  };
}
