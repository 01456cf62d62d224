#!/usr/bin/env node
// The public API report: for every entry point in package.json "exports", api/<name>.api.md lists each exported
// name with its kind and declaration, read from the built declarations (dist/**/*.d.ts). Every change to the
// public API shows in review as a change of these files.
//
//   node scripts/api-report.mjs           write api/*.api.md from dist/ (`npm run api` builds dist/ first)
//   node scripts/api-report.mjs --check   compare with the committed files; print the difference, exit 1
//
// Options: --root DIR (the package, default: this repository), --out DIR (default: DIR/api).

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lineDiff } from './api/diff.mjs';
import { DeclarationProgram } from './api/modules.mjs';
import { entryPointReport } from './api/report.mjs';

/** The entry points of package.json "exports": `[{ name: 'qtasyncio/io', file: 'qtasyncio-io', types }]`. */
export function entryPoints(root) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return Object.entries(pkg.exports)
    .filter(([, target]) => typeof target === 'object' && typeof target.types === 'string')
    .map(([key, target]) => {
      const name = key === '.' ? pkg.name : `${pkg.name}/${key.replace(/^\.\//, '')}`;
      return { name, file: `${name.replace(/\//g, '-')}.api.md`, types: resolve(root, target.types) };
    });
}

/** The reports of every entry point, `file name → text`. */
export function buildReports(root) {
  const program = new DeclarationProgram();
  const points = entryPoints(root);
  for (const p of points) {
    if (!existsSync(p.types))
      throw new Error(`${p.types} is missing: build first (npm run api builds, then reports)`);
  }
  const exported = new Set();
  for (const p of points) {
    for (const decl of program.exportsOf(p.types).values()) {
      if (decl.path !== undefined) exported.add(`${decl.path}#${decl.name}`);
    }
  }
  const distDir = join(root, 'dist');
  return new Map(points.map((p) => [p.file, entryPointReport(program, p.name, p.types, distDir, exported)]));
}

/** Compares the reports with the files in `outDir`; returns the differences as text (`''` when none). */
export function checkReports(reports, outDir) {
  let out = '';
  const committed = existsSync(outDir) ? readdirSync(outDir).filter((f) => f.endsWith('.api.md')) : [];
  for (const stale of committed.filter((f) => !reports.has(f))) {
    out += `api/${stale} reports an entry point package.json no longer exports\n`;
  }
  for (const [file, text] of reports) {
    const path = join(outDir, file);
    if (!existsSync(path)) {
      out += `api/${file} is missing\n`;
      continue;
    }
    out += lineDiff(readFileSync(path, 'utf8'), text, `api/${file} (committed)`, `api/${file} (from dist/)`);
  }
  return out;
}

function main(argv) {
  const option = (name, fallback) => {
    const i = argv.indexOf(name);
    return i === -1 ? fallback : resolve(argv[i + 1]);
  };
  const root = option('--root', join(dirname(fileURLToPath(import.meta.url)), '..'));
  const outDir = option('--out', join(root, 'api'));
  const reports = buildReports(root);
  if (argv.includes('--check')) {
    const differences = checkReports(reports, outDir);
    if (differences === '') return 0;
    process.stderr.write(
      `${differences}\nThe public API differs from the committed report (api/*.api.md).\n` +
        'If the change is intended, run `npm run api` and commit the updated report with it.\n',
    );
    return 1;
  }
  mkdirSync(outDir, { recursive: true });
  for (const f of readdirSync(outDir).filter((f) => f.endsWith('.api.md') && !reports.has(f)))
    rmSync(join(outDir, f));
  for (const [file, text] of reports) writeFileSync(join(outDir, file), text);
  process.stdout.write(`wrote ${[...reports.keys()].map((f) => `api/${f}`).join(', ')}\n`);
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
