// Builds dist/ (the examples, benchmarks and the showcase load the package by its own name, which resolves
// there). Shared by scripts/start.mjs, example.mjs, bench.mjs and screenshots.mjs.

import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
