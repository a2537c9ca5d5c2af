import { readFileSync } from 'node:fs';
import path from 'node:path';

// What `npm run build` (scripts/build.ts) reads: the folders tsconfig.build.json compiles, and the
// ones it copies beside the code, where the code looks for them. Named once here, for the build
// and for the tests' build cache (test/helpers/server-build.ts), whose key must change whenever
// anything the build reads changes.

/** Copied into the build as they are: the views, the static files and the migrations. */
export const BUILD_COPIES = ['views', 'public', 'models/migrations'];

/** The folders tsconfig.build.json compiles (its `include`; the file's own comment lines left out). */
export function buildSourceDirs(root: string): string[] {
  const text = readFileSync(path.join(root, 'tsconfig.build.json'), 'utf8');
  const json = text
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n');
  return (JSON.parse(json) as { include: string[] }).include;
}
