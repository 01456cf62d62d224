// The "no copy-paste" rule (CONTRIBUTING.md, "Style") as a check: the same run of code lines in two files.
// Lines are compared trimmed and without a trailing `// comment`; blank lines, comments, import/re-export statements and lines holding only closing
// brackets are left out, so a copy that was re-indented or re-commented is still found.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One run of lines found in more than one file: where each copy starts (`file:line`) and its first line. */
export interface Duplicate {
  places: string[];
  firstLine: string;
}

const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;
const SKIPPED_LINE = /^(\/\/|\*|[)\]}]+[;,]?\)?;?$)/;

function* sourceFiles(path: string): Generator<string> {
  if (!statSync(path).isDirectory()) {
    if (SOURCE.test(path)) yield path;
    return;
  }
  for (const name of readdirSync(path).sort()) {
    if (name !== 'node_modules' && name !== 'build') yield* sourceFiles(join(path, name));
  }
}

/** The lines of `text` that count, with their 1-based line numbers. */
export function codeLines(text: string): Array<[string, number]> {
  const blank = (m: string): string => m.replace(/[^\n]/g, '');
  const stripped = text
    .replace(/\/\*[\s\S]*?\*\//g, blank)
    .replace(/^(import|export)\b[^;]*?\bfrom\s+'[^']+';$/gms, blank)
    .replace(/^import\s+'[^']+';$/gm, blank);
  return stripped
    .split('\n')
    .map((line, i): [string, number] => [line.replace(/\s+\/\/ .*$/, '').trim(), i + 1])
    .filter(([line]) => line !== '' && !SKIPPED_LINE.test(line));
}

/** Runs of `window` counted lines that occur in more than one of the files under `paths` (relative to `root`). */
export function findDuplicates(root: string, paths: readonly string[], window: number): Duplicate[] {
  const seen = new Map<string, string[]>();
  for (const path of paths) {
    for (const file of sourceFiles(join(root, path))) {
      const lines = codeLines(readFileSync(file, 'utf8'));
      for (let i = 0; i + window <= lines.length; i++) {
        const key = lines
          .slice(i, i + window)
          .map(([l]) => l)
          .join('\n');
        const at = `${relative(root, file)}:${(lines[i] as [string, number])[1]}`;
        const places = seen.get(key);
        if (places === undefined) seen.set(key, [at]);
        else places.push(at);
      }
    }
  }
  const files = (places: string[]): Set<string> => new Set(places.map((p) => p.replace(/:\d+$/, '')));
  return [...seen]
    .filter(([, places]) => files(places).size > 1)
    .map(([key, places]) => ({ places, firstLine: key.split('\n')[0] ?? '' }));
}
