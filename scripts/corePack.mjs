// The loop core from one file, a step of scripts/build-dist.mjs (CONTRIBUTING: "Start-up cost").
//
// `require('qtasyncio')` loads about fifty small modules. For each `require()` Node tries file names (stat calls)
// and then opens and reads the file; on a machine where system calls are slow that costs more than compiling the
// code. So the build writes dist/corePack.txt: the text of every module that `require('qtasyncio')` loads, exactly
// as tsc wrote it to its own file, and which module each of their `require()` requests resolved to when the build
// loaded the package. dist/index.js starts with `installCorePack(module)` (the function below, appended to it):
// from then on, a request of dist/index.js, or of a module it loaded from the pack, that names a packed module is
// served from that text, with no file system access. The rest is Node's own: each module is a `Module` registered
// in `require.cache` under its real file name (a later `require()` of that file, e.g. by `qtasyncio/qt`, gets the
// same instance; a module loaded from its file before is used as it is), compiled by `Module.prototype._compile`
// with that file name (stack traces, source maps with --enable-source-maps, `__filename`, `__dirname` are those
// of the file). Any other request goes to Node.

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** The data file, beside dist/index.js (installCorePack names it too): a JSON line, then the modules' texts. */
const PACK_FILE = 'corePack.txt';

/** What dist/index.js starts with once its core is packed (test/loop/startup.test.ts looks for it). */
const PACK_CALL = 'installCorePack(module); // the loop core from one file: scripts/corePack.mjs';

/**
 * Serve the packed modules to `entry` (dist/index.js) and to the modules it loads from the pack. Appended to
 * dist/index.js by its source text, so it uses nothing but its argument and that module's `require` and
 * `__dirname`. A module system other than Node's (a bundler's, Jest's) loads files its own way: then nothing
 * changes. File names are joined by hand: path.join's code runs cold here (interpreted), once per module.
 * @example installCorePack(module);
 */
function installCorePack(entry) {
  const Module = require('node:module');
  // Only under Node's own CommonJS loader with the parts of it used here, and not when asked to load the files
  // themselves (QTASYNCIO_CORE_PACK=0, e.g. to try a patched dist/ file): otherwise the files load as usual.
  if (
    !(entry instanceof Module) ||
    typeof Module._nodeModulePaths !== 'function' ||
    typeof Module.prototype._compile !== 'function' ||
    typeof Module._cache !== 'object' ||
    process.env.QTASYNCIO_CORE_PACK === '0'
  ) {
    return;
  }
  const { sep } = require('node:path');
  let text;
  try {
    text = require('node:fs').readFileSync(`${__dirname}${sep}corePack.txt`, 'utf8');
  } catch {
    return; // a dist/ without its pack (copied by hand): the files, as usual
  }
  const header = text.indexOf('\n');
  // [file relative to dist/, { request: index of the module it resolves to }, length of its text]; the first is
  // dist/index.js itself (loaded by Node: no text).
  const table = JSON.parse(text.slice(0, header));
  let end = header + 1;
  const modules = table.map(([file, requests, length]) => {
    end += length;
    return { filename: `${__dirname}${sep}${file.replaceAll('/', sep)}`, requests, start: end - length, end };
  });
  const paths = new Map(); // node_modules look-up paths by directory, as Node computes them
  const load = (parent, requests, request) => {
    const packed = Object.hasOwn(requests, request) ? modules[requests[request]] : undefined;
    const cached = packed && Module._cache[packed.filename];
    if (cached?.loaded) return cached.exports;
    // not packed, or being loaded by Node (a circle, an ES module import reading it): Node's own way
    if (packed === undefined || cached !== undefined) return Module.prototype.require.call(parent, request);
    const { filename } = packed;
    const mod = new Module(filename, parent);
    const dir = filename.slice(0, filename.lastIndexOf(sep));
    if (!paths.has(dir)) paths.set(dir, Module._nodeModulePaths(dir));
    mod.filename = filename;
    mod.paths = paths.get(dir);
    mod.require = (id) => load(mod, packed.requests, id); // what the module's `require` calls
    Module._cache[filename] = mod;
    let compiled = false;
    try {
      mod._compile(text.slice(packed.start, packed.end), filename);
      compiled = true;
    } finally {
      if (!compiled) delete Module._cache[filename]; // as Node does: a module that threw is not cached
    }
    mod.loaded = true;
    return mod.exports;
  };
  entry.require = (id) => load(entry, modules[0].requests, id);
}

/**
 * The dist/ modules that loading `indexFile` loads, in load order (`indexFile` first), and what each of their
 * `require()` requests resolved to: found by loading it in a child process that asks Node's resolver.
 * @example loadedModules('/repo/dist/index.js') // { files: ['/repo/dist/index.js', …], edges: [[from, request, to], …] }
 */
function loadedModules(indexFile) {
  const record = `
    const Module = require('node:module');
    const load = Module.prototype.require; // what every module's \`require\` calls
    const edges = [];
    Module.prototype.require = function (request) {
      edges.push([this.filename, request, Module._resolveFilename(request, this)]);
      return load.call(this, request);
    };
    require(${JSON.stringify(indexFile)});
    console.log(JSON.stringify({ files: Object.keys(require.cache), edges }));`;
  const r = spawnSync(process.execPath, ['-e', record], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cannot load ${indexFile} to list what it loads:\n${r.stderr}`);
  const { files, edges } = JSON.parse(r.stdout);
  return { files: files.filter((f) => f.startsWith(dirname(indexFile) + sep)), edges };
}

/**
 * Pack what `indexFile` (tsc's output, its loads deferred) loads: write PACK_FILE beside it from the files on disk,
 * start it with PACK_CALL (on its first line, so that its source map stays right) and append installCorePack.
 * The pack is made from the per-file outputs in the same step, so it is never older than they are; running this
 * again on its own output changes nothing.
 * @example packCore('/repo/dist/index.js');
 */
export function packCore(indexFile) {
  const dist = dirname(indexFile);
  const loader = `${installCorePack}\n`;
  const plain = readFileSync(indexFile, 'utf8').replace(` ${PACK_CALL}`, '').replace(loader, '');
  writeFileSync(indexFile, plain); // what a plain load loads, from the files
  const { files, edges } = loadedModules(indexFile);
  const texts = files.map((f, i) => (i === 0 ? '' : readFileSync(f, 'utf8')));
  const table = files.map((f, i) => {
    const requests = {};
    for (const [from, request, to] of edges) {
      if (from === f && files.includes(to)) requests[request] = files.indexOf(to);
    }
    return [relative(dist, f).split(sep).join('/'), requests, texts[i].length];
  });
  writeFileSync(join(dist, PACK_FILE), `${JSON.stringify(table)}\n${texts.join('')}`);
  if (!plain.startsWith('"use strict";\n')) throw new Error(`${indexFile} does not start with "use strict";`);
  const mapLine = plain.lastIndexOf('\n//# sourceMappingURL=');
  const at = mapLine < 0 ? plain.length : mapLine + 1;
  const packed = `"use strict"; ${PACK_CALL}${plain.slice('"use strict";'.length, at)}${loader}${plain.slice(at)}`;
  writeFileSync(indexFile, packed);
}
