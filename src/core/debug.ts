/**
 * Debug-mode helpers: where a handle or Future was created, and what a slow callback looked like.
 *
 * @packageDocumentation
 */
import { basename, dirname, join, sep } from 'node:path';

/**
 * The package's own code: the directory this module is in (`dist/`, or `src/` run from source) and its sibling
 * (frames of dist/ name src/ under `--enable-source-maps`). Frames inside them are not "the caller".
 */
const OWN_DIRS = ((own: string) => {
  const other = basename(own) === 'src' ? 'dist' : 'src';
  return [own + sep, join(dirname(own), other) + sep];
})(dirname(__dirname));

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
    if (
      line.includes(OWN_DIRS[0] as string) ||
      line.includes(OWN_DIRS[1] as string) ||
      line.includes('node:internal') ||
      line.includes('node:async_hooks')
    )
      continue;
    return line.slice(3);
  }
  return undefined;
}
