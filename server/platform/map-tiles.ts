import { createRequire } from 'node:module';
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
