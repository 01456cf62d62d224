// package.json "sideEffects" tells bundlers which modules of dist/ do something when they load, so that they keep
// them even when none of their exports is used (the rest may be dropped). It must be exactly the modules with a
// top-level statement beyond declarations and exports: e.g. qt/index.js loads the bridge, loop/eventLoop.js
// registers the default-loop factory and the loop's io/executor methods.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { assertBuilt, ROOT } from '../helpers/built';

/** What CommonJS output of tsc holds at the top level of a module without side effects. */
const DECLARATION = [
  /^$/,
  /^"use strict";$/,
  /^(\/\/|\/\*|\*|\*\/)/, // comments (` * …` lines of a block comment start with a space, trimmed below)
  /^(var|let|const|function|async function|class)\b/,
  /^exports\.[\w$]+ = /,
  /^Object\.defineProperty\(exports, /,
  /^__exportStar\(require\(/,
  // a re-export that scripts/build-dist.mjs defers to first use (getters), and the names it declares for ES modules
  /^__exportStar\(\(\(names, load\) => /,
  /^0 && \(exports\.[\w$]+ = /,
  // dist/index.js serving the loop core from one file (scripts/corePack.mjs): it changes only how its own
  // require() finds those modules, and nothing under a bundler
  /^"use strict"; installCorePack\(module\);/,
  // set-up of the module's own class (kept whenever the class is used)
  /^Object\.definePropert(y|ies)\([\w$]+\.prototype, /,
];

function topLevelStatements(file: string): string[] {
  const statements: string[] = [];
  let inTemplate = false; // inside a multi-line template literal: its lines are text, not statements
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const starts = !inTemplate && !/^[\s})\]]/.test(line); // else a continuation line of a statement
    if (starts && !line.startsWith('//# sourceMappingURL=')) statements.push(line.trim());
    if ((line.replace(/\\`/g, '').match(/`/g) ?? []).length % 2 === 1) inTemplate = !inTemplate;
  }
  return statements;
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? jsFiles(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : [],
  );
}

test('package.json "sideEffects" lists exactly the dist/ modules that act when they load', () => {
  assertBuilt('dist/index.js');
  const acting = jsFiles(join(ROOT, 'dist'))
    .filter((file) => topLevelStatements(file).some((s) => !DECLARATION.some((d) => d.test(s))))
    .map((file) => `./${relative(ROOT, file).replace(/\\/g, '/')}`)
    .sort();
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { sideEffects: string[] };
  expect([...pkg.sideEffects].sort()).toEqual(acting);
});
