// A redirect target taken from the request (?next=, ?back=, a form's next) may only be a path of
// this site. Browsers read more as "another site" than a plain check sees: "//host", "/\host"
// (a backslash is a slash to them), "/<tab>/host" (tabs and newlines are dropped), "https:host".
// So: "/" then printable ASCII with no backslash, not "/" or "\" second, and, read as a browser
// reads it (WHATWG URL, as Node parses it), still on this origin. Express sends it unchanged
// (a %5C stays encoded, and browsers decode nothing in a Location).

const BASE = 'http://this-site.invalid';
const SHAPE = /^\/(?![/\\])[\x21-\x5b\x5d-\x7e]*$/;

export function localPath(v: unknown, fallback = '/'): string {
  if (typeof v !== 'string' || v.length > 2048 || !SHAPE.test(v)) return fallback;
  try {
    return new URL(v, BASE).origin === BASE ? v : fallback;
  } catch {
    return fallback;
  }
}
