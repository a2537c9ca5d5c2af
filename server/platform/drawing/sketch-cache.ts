// Rendered parcel sketches (views/partials/parcel-sketch.ejs) kept by everything they are drawn
// from: the language, the element id, the outline and the words written on it. A sketch only
// changes when one of those does, so a changed parcel simply gets a new entry; nothing is ever
// served stale. Drawing the sketches was about a third of a household page's rendering
// (BENCHMARKS.md); most pages show the same parcels again and again.

const MAX_ENTRIES = 2_000; // a few KB each: well under 10 MB

const cache = new Map<string, string>();

export type SketchArgs = {
  sid: string;
  kind: string;
  geojson: unknown;
  name: string;
  code: string;
  area: string;
  neighbours: { east?: string | null; south?: string | null; west?: string | null; north?: string | null } | null;
};

export function sketchOnce(lang: string, a: SketchArgs, render: () => string): string {
  const nb = a.neighbours ?? {};
  const key = JSON.stringify([lang, a.sid, a.kind, a.name, a.code, a.area, nb.east, nb.south, nb.west, nb.north, a.geojson]);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const html = render();
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!); // oldest first
  cache.set(key, html);
  return html;
}
