/** Boundaries of the house plan (docs/ARCHITECTURE.md), checked by `npm run lint`. */
const areas = '^server/(registry|market|oversight|admin|accounts|membership)/';
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    { name: 'app-not-scripts', severity: 'error', comment: 'The app never imports scripts/ (seed, generator, backups).',
      from: { path: '^(server|routes|models)/' }, to: { path: '^scripts/' } },
    { name: 'core-not-adapters', severity: 'error', comment: 'Kernel, platform and areas never import routes or views.',
      from: { path: '^server/(kernel|platform|registry|market|oversight|admin|accounts|membership)/' }, to: { path: '^(routes|views)/' } },
    { name: 'areas-not-express', severity: 'error', comment: 'Rules and use cases know nothing of HTTP.',
      from: { path: `(${areas})|^server/kernel/` }, to: { path: 'node_modules/(express|express-session|passport|multer)/' } },
    { name: 'areas-not-dictionaries', severity: 'error', comment: 'Areas return codes; words are chosen at the edge.',
      from: { path: `(${areas})|^server/kernel/` }, to: { path: '^server/platform/i18n/(zh|en)/' } },
    { name: 'routes-use-public-entries', severity: 'error', comment: "Routes import an area's index.ts, not its insides.",
      from: { path: '^routes/' }, to: { path: `${areas}`, pathNot: `${areas}index\\.ts$` } },
    { name: 'models-are-data', severity: 'error', comment: 'models/ holds tables only.',
      from: { path: '^models/' }, to: { path: '^(server|routes|scripts)/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(node_modules|data|tmp|build)/' },
  },
};
