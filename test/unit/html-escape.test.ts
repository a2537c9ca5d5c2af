import assert from 'node:assert/strict';
import ejs from 'ejs';
import fc from 'fast-check';
import express from 'express';
import { useViews } from '../../server/app';
import { escapeHtml } from '../../server/platform/html-escape';

// Every `<%= %>` in the views goes through escapeHtml (server/app.ts): it must write exactly what
// EJS's own escaping writes for every value a view can be given, or typed text could come back as
// live markup (hostile-input.test.ts checks the pages; this checks the function on any input).

const markupHeavy = fc.string({ unit: fc.constantFrom('&', '<', '>', '"', "'", 'a', '李', ' ', '\u0000', '\ud800', ';', '#') });

describe('Escaping in the views: the same output as EJS escapeXML, for any value', () => {
  it('when any string is escaped (Unicode, lone surrogates, only special characters), then the output equals EJS escapeXML', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), markupHeavy), (s) => {
        assert.equal(escapeHtml(s), ejs.escapeXML(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('when numbers, booleans, null, undefined, arrays, dates or objects with their own toString are escaped, then the output equals EJS escapeXML', () => {
    const values: unknown[] = [
      0,
      -0,
      12.5,
      Number.NaN,
      true,
      false,
      null,
      undefined,
      ['<a>', 'b&c'],
      new Date(0),
      { toString: () => '"quoted" & <b>' },
      10n,
    ];
    for (const v of values) assert.equal(escapeHtml(v), ejs.escapeXML(v as string), String(v));
    assert.equal(escapeHtml(null), '');
    assert.equal(escapeHtml(undefined), '');
  });

  it("when a view prints a value with markup, then the app's engine writes it escaped", async () => {
    const app = express();
    useViews(app);
    const html = await new Promise<string>((ok, no) =>
      app.render(
        'partials/field',
        { name: 'q', label: '<script>x</script>', value: `"><img src=x onerror='a'>&`, type: 'text' },
        (e, out) => (e ? no(e) : ok(out!)),
      ),
    );
    assert.match(html, /&lt;script&gt;x&lt;\/script&gt;/);
    assert.match(html, /&#34;&gt;&lt;img src=x onerror=&#39;a&#39;&gt;&amp;/);
    assert.doesNotMatch(html, /<script>|<img/);
  });
});
