// Tests that run child programs against the built package (dist/, the bridge) need the build that `npm test`
// makes first. Without it they fail with a clear message — they never skip.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

/** Throws unless every file (relative to the project root) exists. Call it in `beforeAll`. */
export function assertBuilt(...files: string[]): void {
  for (const f of files) {
    if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run npm test (or npm run build) first`);
  }
}
