/**
 * Debug-mode helpers: where a handle or Future was created, and what a slow callback looked like.
 *
 * @packageDocumentation
 */
import { dirname, sep } from 'node:path';

/** The package's own source directory (`src/` or `dist/`): frames inside it are not "the caller". */
const OWN_DIR = dirname(__dirname) + sep;

/**
 * The first stack frame outside qtasyncio, as `file:line:column` (or `function (file:line:column)`), or
 * `undefined` when the stack has none.
 */
export function callerLocation(): string | undefined {
  const stack = new Error().stack;
  if (stack === undefined) return undefined;
  const lines = stack.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (!line.startsWith('at ')) continue;
    if (line.includes(OWN_DIR) || line.includes('node:internal') || line.includes('node:async_hooks'))
      continue;
    return line.slice(3);
  }
  return undefined;
}
