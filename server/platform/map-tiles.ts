import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Where the leaflet package's built files are: served by the app itself, no outside CDN. */
export function leafletDist(): string {
  return path.join(path.dirname(createRequire(import.meta.url).resolve('leaflet/package.json')), 'dist');
}

/**
 * The Content-Security-Policy source that lets the browser load a configured base map's tiles.
 * A {s} sub-domain placeholder becomes a wildcard (CSP allows one only as the first label).
 */
export function tileCspSource(template: string): string {
  const u = new URL(template.replace(/\{[a-z]\}/g, 'x0x'));
  const labels = u.hostname.split('.');
  const last = labels.map((l) => l.includes('x0x')).lastIndexOf(true);
  const host = last < 0 ? u.hostname : ['*', ...labels.slice(last + 1)].join('.');
  return `${u.protocol}//${host}${u.port ? `:${u.port}` : ''}`;
}

/** Leaflet-Geoman's built files (drawing and editing parcels on a form's map), served like Leaflet. */
export function geomanDist(): string {
  return path.dirname(createRequire(import.meta.url).resolve('@geoman-io/leaflet-geoman-free'));
}

/** The turf modules the browser uses to compute a drawn parcel's area: @turf/area and what it imports. */
export const BROWSER_TURF = ['area', 'helpers', 'meta'] as const;
const turfCache = new Map<string, string>();

/**
 * One turf package's ES module for the browser, from its npm package: its bare imports
 * (`from "@turf/helpers"`) pointed at our own /vendor/turf/ paths, as no import map is allowed
 * by the Content-Security-Policy (script-src 'self', no inline script), and its source-map
 * comment dropped. Read once per process.
 */
export function turfBrowserModule(name: (typeof BROWSER_TURF)[number]): string {
  let js = turfCache.get(name);
  if (js === undefined) {
    const pkg = path.dirname(createRequire(import.meta.url).resolve(`@turf/${name}/package.json`));
    js = readFileSync(path.join(pkg, 'dist', 'esm', 'index.js'), 'utf8')
      .replace(/from\s+"@turf\/([a-z-]+)"/g, (_, dep: string) => `from "/vendor/turf/${dep}.js"`)
      .replace(/\/\/# sourceMappingURL=.*$/m, '');
    turfCache.set(name, js);
  }
  return js;
}
