import type { Express } from 'express';

// The app's own route table, read from Express 5's router stack: every (method, path) that a
// request can reach, with the mount paths of nested routers joined in front. Tests built on it
// fail when a route is added without its entry, so no new route skips its checks.

export type RouteKey = `${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} ${string}`;

type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] }; rawPath?: string; name?: string };

export function routeTable(app: Express): RouteKey[] {
  const out: RouteKey[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const m of Object.keys(layer.route.methods))
          if (m !== '_all') out.push(`${m.toUpperCase()} ${prefix}${layer.route.path}` as RouteKey);
      } else if (layer.handle?.stack) {
        // Express 5 keeps the mount path as written (rawPath); '/' adds nothing.
        const mount = layer.rawPath && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  const router = (app as unknown as { router: { stack: Layer[] } }).router;
  walk(router.stack, '');
  return [...new Set(out)];
}

/** The path with its :params filled from `params` (missing ones fail loudly). */
export function fill(path: string, params: Record<string, string>): string {
  return path.replace(/:([A-Za-z]+)/g, (_, k: string) => {
    if (!(k in params)) throw new Error(`no value for :${k} in ${path}`);
    return encodeURIComponent(params[k]);
  });
}
