// Builds dist/ (the examples, benchmarks and the showcase load the package by its own name, which resolves
// there). Shared by scripts/start.mjs, example.mjs, bench.mjs, screenshots.mjs, test.mjs and `npm run build`.
//
// After tsc, `dist/index.js` gets its deferred loads: the modules in DEFERRED load on the first use of one of
// their exports instead of with `require('qtasyncio')` (CommonJS has no lazy re-export and TypeScript emits every
// `export … from` as an eager `require`). The source, the declarations and the documentation stay those of a
// plain re-export; test/loop/startup.test.ts checks what loads. Then the modules that `require('qtasyncio')` still
// loads (the loop core) are packed into one file that dist/index.js reads (scripts/corePack.mjs says how and why).
//
// tsc runs twice: it type-checks and writes the declarations with their TSDoc, then writes the JavaScript and its
// source maps without comments (`--removeComments`; `--noCheck`: checked already, same output, 2 s less): the
// loop core's text is 40 % smaller, which makes `require('qtasyncio')` 2–3 ms faster. A debugger or
// `--enable-source-maps` shows the TypeScript sources with their comments (the maps embed them: `inlineSources`).

import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { packCore } from './corePack.mjs';

/** The project root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Re-exported areas that `dist/index.js` loads on first use, not with the package: none is needed to make and run
 * a loop. The executors (17 modules; `runInExecutor`/`toThread` load them too), the synchronization primitives and
 * queues (14), the structured-concurrency functions (11) and the call graphs and task table (src/inspect): together about 60 % of `require('qtasyncio')`.
 */
export const DEFERRED = ['./executor/index', './sync/index', './concurrency/index', './inspect/index'];

/** What marks a deferred load in dist/index.js (test/loop/startup.test.ts looks for it). */
export const DEFERRED_MARK = '/* deferred load ';

/** The two runs of tsc: check and write the declarations, then the JavaScript and its maps without comments. */
const TSC_RUNS = [
  ['-p', 'tsconfig.build.json', '--emitDeclarationOnly'],
  ['-p', 'tsconfig.build.json', '--declaration', 'false', '--removeComments', '--noCheck'],
];

/**
 * Run tsc (TSC_RUNS), then defer the loads in DEFERRED and pack the rest of the loop core; on failure exit with
 * its code (tsc, or this, has printed why).
 * @example buildDistOrExit();
 */
export function buildDistOrExit() {
  for (const args of TSC_RUNS) {
    const r = spawnSync(join(root, 'node_modules', '.bin', 'tsc'), args, { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  try {
    deferLoads(join(root, 'dist', 'index.js'));
    packCore(join(root, 'dist', 'index.js'));
  } catch (e) {
    process.stderr.write(`build-dist: ${e.message}\n`);
    process.exit(1);
  }
}

/**
 * The names a built module exports, read by loading it in a child process (so this process keeps no state).
 * @example exportedNames('/repo/dist/executor/index.js') // ['BaseExecutor', …]
 */
function exportedNames(file) {
  const r = spawnSync(
    process.execPath,
    ['-e', `console.log(JSON.stringify(Object.keys(require(${JSON.stringify(file)}))))`],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`cannot load ${file} to list its exports:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

/**
 * Replace, in the tsc output `indexFile`, each `require("<request>")` of DEFERRED by an object whose exports are
 * getters that load the module on first access (tsc's re-export helpers copy such getters as they are), on the
 * same line so that the source map stays right; and add the names in the form Node's CommonJS export detection
 * reads, so that `import { ThreadPoolExecutor } from 'qtasyncio'` in an ES module still works. Running it again
 * on its own output changes nothing.
 * @example deferLoads('/repo/dist/index.js');
 */
export function deferLoads(indexFile) {
  let source = readFileSync(indexFile, 'utf8');
  for (const request of DEFERRED) {
    const call = `require(${JSON.stringify(request)})`;
    const count = source.split(call).length - 1;
    const marked = `${DEFERRED_MARK}${JSON.stringify(request)} */`;
    if (count === 1 && source.includes(marked)) continue; // already deferred
    if (count !== 1) {
      throw new Error(`expected one ${call} in ${indexFile} to defer, found ${count} (see DEFERRED)`);
    }
    const names = exportedNames(join(dirname(indexFile), `${request}.js`)).filter((n) => n !== '__esModule');
    const lazy =
      `((names, load) => { let m; const lazy = { __esModule: true }; for (const n of names) ` +
      `Object.defineProperty(lazy, n, { enumerable: true, get: () => (m ??= load())[n] }); return lazy; })` +
      `(${JSON.stringify(names)}, () => ${marked} ${call})`;
    const hint = `0 && (${names.map((n) => `exports.${n} = `).join('')}void 0); // names for ES module importers\n`;
    source = source.replace(call, lazy);
    const mapLine = source.lastIndexOf('\n//# sourceMappingURL=');
    const at = mapLine < 0 ? source.length : mapLine + 1;
    source = source.slice(0, at) + hint + source.slice(at);
  }
  writeFileSync(indexFile, source);
}

// `node scripts/build-dist.mjs --clean` (npm's `prepack`): a fresh dist/, so that `npm pack` and `npm publish`
// of a clean clone ship it, and never ship stale files from an earlier build.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--clean')) rmSync(join(root, 'dist'), { recursive: true, force: true });
  buildDistOrExit();
}
