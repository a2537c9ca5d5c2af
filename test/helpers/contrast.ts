import type { Page } from 'playwright-core';
import { injectAxe } from './axe';

/**
 * What axe leaves "to review" for colour contrast (incomplete results of color-contrast), as
 * "selector — why". axe cannot tell the background of SVG text (it is not in its element stack),
 * so the parcel sketches' labels are left out here and measured by svgTextContrast instead.
 */
export async function contrastToReview(page: Page): Promise<string[]> {
  await injectAxe(page);
  const nodes = await page.evaluate(async () => {
    type Node = { target: string[]; any: { message: string }[] };
    const axe = (window as unknown as { axe: { run: (c: object, o: object) => Promise<{ incomplete: { id: string; nodes: Node[] }[] }> } })
      .axe;
    const r = await axe.run({ exclude: [['figure.sketch svg']] }, { runOnly: ['color-contrast'], resultTypes: ['incomplete'] });
    return r.incomplete.flatMap((i) => i.nodes.map((n) => `${n.target.join(' ')} — ${n.any[0]?.message ?? ''}`));
  });
  return nodes;
}

/**
 * The parcel sketches' labels, measured as axe would if it could: each label's fill against
 * every fill drawn under it in its sketch (the shape and the background), WCAG contrast ratio.
 * Returns the labels below 4.5:1 and how many were measured.
 */
export async function svgTextContrast(page: Page): Promise<{ measured: number; low: string[] }> {
  // Plain JavaScript in a string: the test's compiler would wrap named arrow functions in a helper the page lacks.
  return page.evaluate(MEASURE_SVG_TEXT) as Promise<{ measured: number; low: string[] }>;
}

const MEASURE_SVG_TEXT = `(() => {
  function lum(c) {
    const [r, g, b] = (c.match(/[\\d.]+/g) || []).slice(0, 3).map(Number).map(function (v) {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }
  function ratio(a, b) {
    const x = Math.max(lum(a), lum(b)), y = Math.min(lum(a), lum(b));
    return (x + 0.05) / (y + 0.05);
  }
  const low = [];
  let measured = 0;
  for (const svg of document.querySelectorAll('figure.sketch svg')) {
    const under = [...svg.querySelectorAll('.sk-bg, .sk-shape')].map(function (el) { return getComputedStyle(el).fill; });
    for (const t of svg.querySelectorAll('text')) {
      const fg = getComputedStyle(t).fill;
      measured++;
      for (const bg of under) if (ratio(fg, bg) < 4.5) low.push(t.textContent + ' (' + fg + ' on ' + bg + ': ' + ratio(fg, bg).toFixed(2) + ')');
    }
  }
  return { measured, low };
})()`;
