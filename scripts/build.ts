import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_COPIES } from './lib/build-inputs';

// npm run build: the server as plain JavaScript in build/ (or the folder given), for
// `npm run start:prod` (node build/server/main.js): no TypeScript compiled at start, no tsx.
// tsc type-checks and emits; the sources import without extensions (moduleResolution
// "bundler"), which Node's ESM loader does not resolve, so tsc-alias then writes the full
// specifiers ('./db' → './db.js', './i18n' → './i18n/index.js'). The views, the static files and
// the migrations are copied beside the code, where the code looks for them (relative to itself).
// The folder must stay inside the project, so that Node finds node_modules above it.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(root, process.argv[2] ?? 'build');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const run = (cmd: string, args: string[]) => execFileSync(bin(cmd), args, { cwd: root, stdio: 'inherit' });

rmSync(out, { recursive: true, force: true });
run('tsc', ['-p', 'tsconfig.build.json', '--outDir', out]);
run('tsc-alias', ['-p', 'tsconfig.build.json', '--outDir', out, '--resolve-full-paths']);
for (const dir of BUILD_COPIES) cpSync(path.join(root, dir), path.join(out, dir), { recursive: true });
console.log(
  `built ${path.relative(root, out) || '.'}: start it with NODE_ENV=production node ${path.relative(root, path.join(out, 'server/main.js'))}`,
);
