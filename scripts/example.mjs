#!/usr/bin/env node
// `npm run example -- NAME [ARGS…]`: builds dist/ (the examples load the package by its own name, which resolves
// there), then runs examples/NAME/main.js on plain node with the remaining arguments. Without a NAME, or with
// one that is not an example, it lists the examples and exits with code 2.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDistOrExit, root } from './build-dist.mjs';

const examplesDir = join(root, 'examples');

/** The examples: every examples/NAME/main.js, with the first comment line of each as its summary. */
function examples() {
  return readdirSync(examplesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(examplesDir, d.name, 'main.js')))
    .map((d) => {
      const text = readFileSync(join(examplesDir, d.name, 'main.js'), 'utf8');
      const first = text.split('\n').find((l) => l.startsWith('// ') && !l.startsWith('// @ts-check'));
      const line = (first ?? '').replace(/^\/\/\s*/, '').replace(/^qtasyncio\s+/, '');
      const sentence = line.split(/\. /)[0] ?? line;
      return { name: d.name, summary: sentence.length > 100 ? `${sentence.slice(0, 99)}…` : sentence };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

const [name, ...args] = process.argv.slice(2);
const all = examples();
if (name === undefined || !all.some((e) => e.name === name)) {
  if (name !== undefined) process.stderr.write(`No example named "${name}".\n`);
  process.stderr.write('Usage: npm run example -- NAME [ARGS…]\n\nExamples:\n');
  const width = Math.max(...all.map((e) => e.name.length));
  for (const e of all) process.stderr.write(`  ${e.name.padEnd(width)}  ${e.summary}\n`);
  process.exit(2);
}

buildDistOrExit();

const r = spawnSync(process.execPath, [join(examplesDir, name, 'main.js'), ...args], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? (r.signal === 'SIGINT' ? 130 : 1));
