import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freshDbWithRoles } from '../helpers/db';
import { serverBuild } from '../helpers/server-build';
import { startServer, type Instance } from '../helpers/spawn-server';

// Production runs the compiled JavaScript (npm run build, then npm run start:prod), not the
// TypeScript compiled at every start by tsx. Here the build is the one every started server of
// the tests runs (test/helpers/server-build.ts: `npm run build` into a folder inside the project,
// so that node_modules is found above it, once per version of the sources). It is started with
// plain node, in production mode, on an empty database: it must migrate, answer /healthz and
// serve pages, which proves the views, the static files and the migrations are found from it.

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name));

describe('Production build: compiled JavaScript that starts with plain node', () => {
  let out = '';
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sq-built-'));
  let server: Instance | undefined;
  let db: Awaited<ReturnType<typeof freshDbWithRoles>> | undefined;
  before(async function () {
    this.timeout(240_000);
    out = await serverBuild();
  });
  after(async () => {
    await server?.kill();
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('when the project is built, then the build holds JavaScript whose relative imports name their files, with the views, static files and migrations beside it', () => {
    const all = files(out);
    const code = all.filter((f) => f.endsWith('.js'));
    assert.ok(code.some((f) => f.endsWith(path.join('server', 'main.js'))));
    assert.deepEqual(
      all.filter((f) => f.endsWith('.ts')),
      [],
      'no TypeScript in the build',
    );
    const bare = code.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/from '(\.{1,2}\/[^']*)'/g)]
        .map((m) => m[1])
        .filter((s) => !s.endsWith('.js'))
        .map((s) => `${path.relative(out, f)}: ${s}`),
    );
    assert.deepEqual(bare, [], 'every relative import names a .js file (Node ESM resolves nothing else)');
    for (const dir of ['views/partials/head.ejs', 'public', 'models/migrations/meta/_journal.json']) {
      assert.ok(
        all.some((f) => path.relative(out, f).startsWith(dir)),
        `${dir} is in the build`,
      );
    }
  });

  it('when the built server is started with plain node in production on a new database, then it migrates, answers /healthz and serves the login page with its stylesheet', async function () {
    this.timeout(180_000);
    const env: Record<string, string> = {
      NODE_ENV: 'production',
      SESSION_SECRET: randomBytes(24).toString('hex'),
      AUDIT_KEY: randomBytes(24).toString('hex'),
      SEED_DEMO: 'no',
      NODE_OPTIONS: '',
    };
    if (process.env.DATABASE_URL) {
      // As production runs it: the tables' owner migrates, the app has a role of its own.
      db = await freshDbWithRoles();
      Object.assign(env, { DATABASE_URL: db.url!, DATABASE_OWNER_URL: db.ownerUrl! });
    } else env.DATA_DIR = dataDir;
    server = await startServer(env, 120_000);
    assert.deepEqual(server.proc.spawnargs.slice(1), [path.join(out, 'server', 'main.js')], 'plain node, no TypeScript loader');
    assert.deepEqual(await (await fetch(`${server.url}/healthz`)).json(), { ok: true });
    const login = await fetch(`${server.url}/login`);
    assert.equal(login.status, 200);
    const html = await login.text();
    assert.match(html, /<form[^>]+action="\/login"/);
    const css = /href="(\/public\/[^"]+\.css)"/.exec(html)?.[1];
    assert.ok(css, 'the page links its stylesheet');
    assert.equal((await fetch(`${server.url}${css}`)).status, 200);
  });
});
