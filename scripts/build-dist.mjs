// Builds dist/ (the examples, benchmarks and the showcase load the package by its own name, which resolves
// there). Shared by scripts/start.mjs, example.mjs, bench.mjs and screenshots.mjs.

import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The project root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Run `tsc -p tsconfig.build.json`; on failure exit with its code (tsc has printed why).
 * @example buildDistOrExit();
 */
export function buildDistOrExit() {
  const r = spawnSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// `node scripts/build-dist.mjs --clean` (npm's `prepack`): a fresh dist/, so that `npm pack` and `npm publish`
// of a clean clone ship it, and never ship stale files from an earlier build.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--clean')) rmSync(join(root, 'dist'), { recursive: true, force: true });
  buildDistOrExit();
}
