#!/usr/bin/env node
// qtasyncio's one idempotent set-up, run by `npm test`, `npm start`, `npm run bench` (and `npm run setup`) in
// this repository, and by `npx qtasyncio setup` in a project that installed the package.
// Node built-ins only: it runs before node_modules exists.
//
//   1. in this repository only: npm ci (without install scripts: NodeGui's would download Qt and qode) when
//      node_modules is missing or differs from package-lock.json;
//   2. the Debian packages Qt needs (installed when root, otherwise the exact apt-get command and exit 1);
//   3. NodeGui's addon built against the system Qt when not built (minutes, once per machine: the result is kept
//      in ~/.cache/qtasyncio, or $QTASYNCIO_CACHE_DIR, keyed by NodeGui version, Qt version and architecture);
//   4. qtasyncio's bridge (native/) built when missing or older than its sources (under a minute, once per
//      machine and bridge version: kept in the same cache, keyed by the hash of its sources, Node's ABI, Qt
//      version and architecture).
// A second run only checks stamps and file times: it takes well under a second. A second project on the same
// machine copies both addons from the cache: a few seconds at most.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Debian packages every qtasyncio program needs to build: Qt 6 and GLib headers, the build tools. */
export const APT_PACKAGES = [
  'qt6-base-dev',
  'qt6-svg-dev',
  'libglib2.0-dev',
  'cmake',
  'ninja-build',
  'g++',
  'pkg-config',
  'libgl-dev',
];
/** More for this repository's own tests: an X server, xdotool and fonts (end-to-end tests), openssl (TLS tests),
 * redis-server (qtasyncio/cluster's tests, benchmarks and example). */
export const APT_DEV_PACKAGES = ['xvfb', 'xauth', 'xdotool', 'fonts-dejavu-core', 'openssl', 'redis-server'];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');
// A development checkout has the lock file (npm never packs it); an installed package does not.
const isCheckout =
  existsSync(join(root, 'package-lock.json')) && !root.split(/[\\/]/).includes('node_modules');
const requireFromRoot = createRequire(join(root, 'package.json'));
const aptPackages = [
  ...APT_PACKAGES,
  ...(isCheckout ? APT_DEV_PACKAGES : []),
  // More packages to require, space-separated (tests use it to simulate a missing package).
  ...(process.env.QTASYNCIO_SETUP_EXTRA_APT ?? '').split(/\s+/).filter(Boolean),
];
const started = Date.now();

function log(message) {
  if (!quiet) process.stderr.write(`[setup] ${message}\n`);
}

function fail(message) {
  process.stderr.write(`[setup] error: ${message}\n`);
  process.exit(1);
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...options });
  if (r.error) fail(`${cmd} could not start: ${r.error.message}`);
  if (r.status !== 0) fail(`\`${[cmd, ...args].join(' ')}\` exited with ${r.status ?? r.signal}`);
}

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** The per-machine cache of built addons: ~/.cache/qtasyncio, or $QTASYNCIO_CACHE_DIR. */
function cacheDir() {
  return process.env.QTASYNCIO_CACHE_DIR ?? join(homedir(), '.cache', 'qtasyncio');
}

/** The cached copy of an addon named `name`, copied to `addon` when present. */
function restoreFromCache(name, addon, what) {
  const cached = join(cacheDir(), name);
  if (!existsSync(cached)) return false;
  log(`using ${what} built earlier on this machine (${cached})`);
  mkdirSync(dirname(addon), { recursive: true });
  copyFileSync(cached, addon);
  return true;
}

/** Keep a copy of a freshly built addon in the cache (through a temporary name: set-ups may run at once). */
function keepInCache(addon, name) {
  const cached = join(cacheDir(), name);
  try {
    mkdirSync(dirname(cached), { recursive: true });
    const partial = `${cached}.${process.pid}.partial`;
    copyFileSync(addon, partial);
    renameSync(partial, cached);
  } catch (e) {
    log(`could not keep a copy in ${cacheDir()} (${e.message}); the next project builds it again`);
  }
}

// 1. node_modules ---------------------------------------------------------------------------------------------
function ensureNodeModules() {
  const lock = join(root, 'package-lock.json');
  const stamp = join(root, 'node_modules', '.qtasyncio-setup-lock');
  const want = sha256(lock);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
  log('installing npm packages (npm ci --ignore-scripts)…');
  run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund']);
  writeFileSync(stamp, want);
}

// 2. Debian packages ------------------------------------------------------------------------------------------
function missingAptPackages() {
  // dpkg-query's own format placeholders, not a template string.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query format
  const format = '-f=${Package} ${db:Status-Abbrev}\n';
  const r = spawnSync('dpkg-query', ['-W', format, ...aptPackages], {
    encoding: 'utf8',
  });
  if (r.error) return null; // not a Debian-like system: nothing we can check
  const installed = new Set(
    r.stdout
      .split('\n')
      .filter((line) => /\sii\s*$/.test(line))
      .map((line) => line.split(/[\s:]/)[0]),
  );
  return aptPackages.filter((p) => !installed.has(p));
}

function ensureAptPackages() {
  const missing = missingAptPackages();
  if (missing === null) {
    log(
      'dpkg-query not found: make sure Qt 6 (Widgets, Svg) dev files, GLib dev files and CMake are installed',
    );
    return;
  }
  if (missing.length === 0) return;
  const command = `apt-get install -y ${missing.join(' ')}`;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    fail(
      `missing Debian packages: ${missing.join(', ')}.\n` +
        `        Install them, then run this again:\n\n            sudo apt-get update && sudo ${command}\n`,
    );
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', ...missing], { env });
}

// 3./4. native builds -------------------------------------------------------------------------------------------
function newestMtime(paths) {
  let newest = 0;
  for (const p of paths) {
    if (!existsSync(p)) continue;
    const s = statSync(p);
    if (s.isDirectory()) {
      newest = Math.max(newest, newestMtime(readdirSync(p).map((e) => join(p, e))));
    } else newest = Math.max(newest, s.mtimeMs);
  }
  return newest;
}

/**
 * The running Node's own headers (`<prefix>/include/node`, shipped by Node's tarballs and Debian's nodejs), so
 * that cmake-js builds against them instead of downloading them from nodejs.org. An explicit npm `nodedir`
 * setting wins.
 */
function nodeDir() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const prefix = dirname(dirname(process.execPath));
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? prefix : undefined;
}

/** Runs cmake-js, printing one progress line per finished build step instead of the compiler's noise. */
function cmakeJs(label, cmakeJsBin, args, cwd) {
  return new Promise((resolve) => {
    const env = {
      ...process.env,
      QT_INSTALL_DIR: process.env.QT_INSTALL_DIR ?? '/usr',
      CMAKE_BUILD_PARALLEL_LEVEL: String(availableParallelism()),
    };
    const headers = nodeDir();
    if (headers !== undefined) env.npm_config_nodedir = headers;
    const child = spawn(process.execPath, [cmakeJsBin, 'compile', ...args], { cwd, env });
    const tail = [];
    const tty = process.stderr.isTTY;
    let last = 0;
    const onData = (chunk) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line) continue;
        tail.push(line);
        if (tail.length > 60) tail.shift();
        const m = /^\[(\d+)\/(\d+)\]/.exec(line);
        if (!m || quiet) continue;
        const pct = Math.floor((100 * Number(m[1])) / Number(m[2]));
        if (tty) process.stderr.write(`\r[setup] ${label}: ${m[1]}/${m[2]} (${pct} %)   `);
        else if (pct >= last + 10 || m[1] === m[2]) {
          last = pct - (pct % 10);
          process.stderr.write(`[setup] ${label}: ${m[1]}/${m[2]} (${pct} %)\n`);
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code) => {
      if (tty && !quiet) process.stderr.write('\n');
      if (code !== 0) {
        process.stderr.write(`${tail.join('\n')}\n`);
        fail(`building ${label} failed (cmake-js exited with ${code})`);
      }
      resolve();
    });
  });
}

function nodeGuiDir() {
  try {
    return dirname(requireFromRoot.resolve('@nodegui/nodegui/package.json'));
  } catch {
    fail(
      isCheckout
        ? 'node_modules/@nodegui/nodegui is missing after npm ci'
        : '@nodegui/nodegui is not installed: npm install --ignore-scripts @nodegui/nodegui rxjs qtasyncio',
    );
  }
}

let qt;
function qtVersion() {
  qt ??= spawnSync('qmake6', ['-query', 'QT_VERSION'], { encoding: 'utf8' });
  return qt.status === 0 ? qt.stdout.trim() : 'unknown';
}

async function ensureNodeGuiAddon() {
  const dir = nodeGuiDir();
  const addon = join(dir, 'build', 'Release', 'nodegui_core.node');
  if (existsSync(addon)) return;
  const version = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  const name = `nodegui-${version}-qt${qtVersion()}-${process.platform}-${process.arch}.node`;
  if (restoreFromCache(name, addon, `NodeGui ${version}'s addon`)) return;
  log(`building NodeGui ${version} against the system Qt (this takes several minutes, once per machine)…`);
  await cmakeJs('NodeGui addon', findCmakeJs(dir), [], dir);
  if (!existsSync(addon)) fail(`NodeGui's build finished but ${addon} is missing`);
  keepInCache(addon, name);
}

/** Every file under `p` (a file or a folder), sorted: the same list on every machine. */
function filesUnder(p) {
  if (!statSync(p).isDirectory()) return [p];
  return readdirSync(p)
    .sort()
    .flatMap((e) => filesUnder(join(p, e)));
}

/**
 * What the bridge build depends on, as one short hash: its sources (paths and contents) and the version of
 * node-addon-api's headers. Node's ABI, Qt's version and the architecture go into the cache name beside it.
 */
function bridgeSourcesHash(dir) {
  const hash = createHash('sha256');
  for (const file of filesUnder(join(dir, 'CMakeLists.txt')).concat(filesUnder(join(dir, 'src')))) {
    hash.update(`${file.slice(dir.length)}\0`).update(readFileSync(file));
  }
  const napi = requireFromRoot.resolve('node-addon-api/package.json');
  hash.update(JSON.parse(readFileSync(napi, 'utf8')).version);
  return hash.digest('hex').slice(0, 16);
}

async function ensureBridge() {
  const dir = join(root, 'native');
  const addon = join(dir, 'build', 'Release', 'qtasyncio_bridge.node');
  if (!existsSync(join(dir, 'CMakeLists.txt'))) return; // the bridge is not part of this checkout yet
  const sources = newestMtime([join(dir, 'CMakeLists.txt'), join(dir, 'src')]);
  if (existsSync(addon) && statSync(addon).mtimeMs >= sources) return;
  const name = `bridge-${bridgeSourcesHash(dir)}-node-abi${process.versions.modules}-qt${qtVersion()}-${process.platform}-${process.arch}.node`;
  if (restoreFromCache(name, addon, 'the qtasyncio bridge')) return;
  log('building the qtasyncio bridge…');
  await cmakeJs('qtasyncio bridge', findCmakeJs(root), ['--directory', dir], root);
  if (!existsSync(addon)) fail(`the bridge build finished but ${addon} is missing`);
  keepInCache(addon, name);
}

function findCmakeJs(from) {
  for (let d = from; ; d = dirname(d)) {
    const bin = join(d, 'node_modules', 'cmake-js', 'bin', 'cmake-js');
    if (existsSync(bin)) return bin;
    if (dirname(d) === d) fail(`cmake-js not found from ${from}`);
  }
}

/**
 * The whole set-up, in order. Idempotent.
 * @example await setup(); // from scripts/cli.mjs: `npx qtasyncio setup`
 */
export async function setup() {
  ensureAptPackages();
  if (isCheckout) ensureNodeModules();
  await ensureNodeGuiAddon();
  await ensureBridge();
  log(`ready (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await setup();
