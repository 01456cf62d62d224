// What `require('qtasyncio')` loads: the loop core only. RxJS (223 CommonJS modules), the executors (piscina and
// qtasyncio's own executor modules), the synchronization primitives and queues, the structured-concurrency
// functions, os, perf_hooks, worker_threads and child_process come later, with the first use that needs them (the build defers
// the three areas in dist/index.js: scripts/build-dist.mjs). And how: the loop core from one file,
// dist/corePack.txt (scripts/corePack.mjs), as the same modules other entry points load from their files, with
// their own file names in stack traces. Each case runs the built package in a fresh `node` process, where
// require.cache shows exactly what was loaded.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { assertBuilt, ROOT } from '../helpers/built';

beforeAll(() => assertBuilt('dist/index.js', 'dist/rx/index.js'));

/** Run `body` (CommonJS) in a fresh node from the project root; returns what it printed as JSON. */
function inChild(body: string, nodeOptions: string[] = []): unknown {
  const r = spawnSync(process.execPath, [...nodeOptions, '-e', body], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`child exited with ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

const LOADED = `
  const builtins = ['worker_threads', 'child_process', 'os', 'perf_hooks', 'v8'].filter((m) => process.moduleLoadList.includes('NativeModule ' + m));
  const packages = [...new Set(Object.keys(require.cache)
    .map((f) => /[\\\\/]node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)/.exec(f)?.[1])
    .filter(Boolean))];
  const areas = [...new Set(Object.keys(require.cache)
    .map((f) => /[\\\\/]dist[\\\\/](executor|sync|concurrency|inspect|io|rx|qt)[\\\\/](?!processHook)/.exec(f)?.[1])
    .filter(Boolean))];
  console.log(JSON.stringify({ packages, builtins, areas }));
`;

test("require('qtasyncio') loads no other package, no executor, sync, concurrency, inspect (but its hook), io, rx or qt module, nor worker_threads, child_process, os, perf_hooks or v8", () => {
  const dist = JSON.stringify(join(ROOT, 'dist', 'index.js'));
  const built = readFileSync(join(ROOT, 'dist', 'index.js'), 'utf8');
  if (!built.includes('/* deferred load ')) {
    throw new Error(
      'dist/index.js was built by plain tsc, without its deferred loads: build it with npm run build',
    );
  }
  expect(inChild(`require(${dist}); ${LOADED}`)).toEqual({ packages: [], builtins: [], areas: [] });
});

test.each([
  ['executor', 'ThreadPoolExecutor', 'toThread'],
  ['sync', 'Lock', 'Queue'],
  ['concurrency', 'gather', 'TaskGroup'],
  ['inspect', 'captureCallGraph', 'taskTable'],
])(
  "the %s area loads on first use of one of its exports (%s), which are its modules' own",
  (area, first, other) => {
    const dist = JSON.stringify(join(ROOT, 'dist', 'index.js'));
    const own = JSON.stringify(join(ROOT, 'dist', area, 'index.js'));
    const out = inChild(`
    const q = require(${dist});
    const loaded = () => Object.keys(require.cache).some((f) => f.includes(${JSON.stringify(`${sep}${area}${sep}`)}) && !f.includes('processHook'));
    const before = loaded();
    const listed = Object.keys(q).includes(${JSON.stringify(first)}) && Object.keys(q).includes(${JSON.stringify(other)});
    const afterListing = loaded();
    const value = q[${JSON.stringify(first)}];
    const after = loaded();
    const m = require(${own});
    console.log(JSON.stringify({
      before, listed, afterListing, after,
      same: value === m[${JSON.stringify(first)}] && q[${JSON.stringify(other)}] === m[${JSON.stringify(other)}],
    }));
  `);
    expect(out).toEqual({ before: false, listed: true, afterListing: false, after: true, same: true });
  },
);

test('an ES module imports the deferred exports by name from qtasyncio, like every other export', () => {
  const dist = pathToFileURL(join(ROOT, 'dist', 'index.js')).href;
  const r = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import * as ns from ${JSON.stringify(dist)};
       import { ThreadPoolExecutor, toThread, WorkerExitedError, EventLoop, Lock, gather } from ${JSON.stringify(dist)};
       import { createRequire } from 'node:module';
       const cjs = Object.keys(createRequire(import.meta.url)(${JSON.stringify(join(ROOT, 'dist', 'index.js'))}));
       console.log(JSON.stringify({
         missing: cjs.filter((k) => !(k in ns)),
         types: [ThreadPoolExecutor, toThread, WorkerExitedError, EventLoop, Lock, gather].map((v) => typeof v),
       }));`,
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`child exited with ${r.status}:\n${r.stdout}\n${r.stderr}`);
  expect(JSON.parse(r.stdout)).toEqual({ missing: [], types: Array(6).fill('function') });
});

test('the core loads no RxJS; loopScheduler(loop) from qtasyncio/rx runs RxJS work on the loop', () => {
  const dist = JSON.stringify(join(ROOT, 'dist', 'index.js'));
  const rx = JSON.stringify(join(ROOT, 'dist', 'rx', 'index.js'));
  const out = inChild(`
    const { EventLoop } = require(${dist});
    const loop = new EventLoop();
    const before = Object.keys(require.cache).some((f) => f.includes('rxjs'));
    const { loopScheduler } = require(${rx});
    const { timer, Subscription } = require('rxjs');
    const sched = loopScheduler(loop);
    const seen = [];
    loop.runUntilComplete(() => new Promise((resolve) => {
      const sub = sched.schedule(function (n) { seen.push([n, this instanceof Subscription]); if (n < 3) this.schedule(n + 1, 1); else resolve(); }, 0, 1);
      seen.push(['returned a Subscription', sub instanceof Subscription]);
      // Due well after the chain above (two 1 ms steps) even on a busy machine; the second run outlasts it.
      timer(50, sched).subscribe(() => seen.push('timer'));
    })).then(() => loop.runUntilComplete(() => new Promise((r) => loop.callLater(60, r)))).then(() => {
      console.log(JSON.stringify({ before, seen, once: loopScheduler(loop) === sched }));
    });
  `);
  expect(out).toEqual({
    before: false,
    seen: [['returned a Subscription', true], [1, true], [2, true], [3, true], 'timer'],
    once: true,
  });
});

const DIST = join(ROOT, 'dist');
const INDEX = JSON.stringify(join(DIST, 'index.js'));

// In the child: the files of dist/ that fs.readFileSync reads (Node's loader reads every module file with it),
// relative to dist/ and with `/`, from now on.
const READS = `
  const fs = require('node:fs');
  const dist = ${JSON.stringify(DIST + sep)};
  const reads = [];
  const readFileSync = fs.readFileSync;
  fs.readFileSync = function (file, ...rest) {
    if (String(file).startsWith(dist)) reads.push(String(file).slice(dist.length).split(${JSON.stringify(sep)}).join('/'));
    return readFileSync.call(this, file, ...rest);
  };
`;

/** The packed modules as dist/corePack.txt lists them: `[file relative to dist/, requests, text]`. */
function packed(): Array<[string, Record<string, number>, string]> {
  const text = readFileSync(join(DIST, 'corePack.txt'), 'utf8');
  const header = text.indexOf('\n');
  let end = header + 1;
  return (JSON.parse(text.slice(0, header)) as Array<[string, Record<string, number>, number]>).map(
    ([file, requests, length]) => {
      end += length;
      return [file, requests, text.slice(end - length, end)];
    },
  );
}

test("require('qtasyncio') reads two files of dist/ (index.js, corePack.txt) and asks Node to resolve no other; require.cache lists each module it loads under its real file name", () => {
  const out = inChild(`
    ${READS}
    const Module = require('node:module');
    const resolve = Module._resolveFilename;
    const resolved = [];
    Module._resolveFilename = function (request, ...rest) {
      const file = resolve.call(this, request, ...rest);
      if (!Module.isBuiltin(file)) resolved.push(file);
      return file;
    };
    require(${INDEX});
    const loaded = Object.keys(require.cache).filter((f) => f.startsWith(dist));
    console.log(JSON.stringify({
      reads,
      resolved,
      loaded: loaded.map((f) => f.slice(dist.length).split(${JSON.stringify(sep)}).join('/')),
      real: loaded.every((f) => require.cache[f].filename === f && require.cache[f].loaded && fs.existsSync(f)),
    }));
  `) as { reads: string[]; resolved: string[]; loaded: string[]; real: boolean };
  expect(out.reads).toEqual(['index.js', 'corePack.txt']);
  expect(out.resolved).toEqual([join(DIST, 'index.js')]);
  expect(out.loaded).toEqual(packed().map(([file]) => file));
  expect(out.loaded).toEqual(
    expect.arrayContaining(['loop/baseEventLoop.js', 'futures/future.js', 'core/debug.js']),
  );
  expect(out.real).toBe(true);
});

test("with QTASYNCIO_CORE_PACK=0, require('qtasyncio') loads the files of dist/ themselves (e.g. a patched one)", () => {
  const r = spawnSync(
    process.execPath,
    ['-e', `${READS} require(${INDEX}); console.log(JSON.stringify(reads));`],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, QTASYNCIO_CORE_PACK: '0' } },
  );
  if (r.status !== 0) throw new Error(`child exited with ${r.status}:\n${r.stdout}\n${r.stderr}`);
  const reads = JSON.parse(r.stdout) as string[];
  expect(reads).not.toContain('corePack.txt');
  expect(reads).toEqual(expect.arrayContaining(['index.js', 'loop/baseEventLoop.js', 'futures/future.js']));
});

test('dist/corePack.txt holds the per-file outputs as they are, and what each of their requests resolves to', () => {
  const modules = packed();
  expect(modules[0]?.[0]).toBe('index.js');
  const stale = modules.slice(1).filter(([file, , text]) => text !== readFileSync(join(DIST, file), 'utf8'));
  expect(stale).toEqual([]);
  const wrong = modules.flatMap(([file, requests]) =>
    Object.entries(requests)
      .filter(([request, i]) => modules[i]?.[0] !== `${posix.join(posix.dirname(file), request)}.js`)
      .map(([request]) => `${file}: ${request}`),
  );
  expect(wrong).toEqual([]);
});

test.each([
  ['qtasyncio first, then other entry points and deep requires', true],
  ['other entry points and deep requires first, then qtasyncio', false],
])(
  '%s: one instance of every module (classes, the running-loop registry); no module file read twice',
  (_, packFirst) => {
    const q = `require(${INDEX})`;
    const others = `
    const testing = require(${JSON.stringify(join(DIST, 'testing', 'index.js'))});
    const rx = require(${JSON.stringify(join(DIST, 'rx', 'index.js'))});
    const { Future } = require(${JSON.stringify(join(DIST, 'futures', 'future.js'))});
    const events = require(${JSON.stringify(join(DIST, 'core', 'events.js'))});
    const { EventLoop } = require(${JSON.stringify(join(DIST, 'loop', 'eventLoop.js'))});
  `;
    const out = inChild(`
    ${READS}
    ${packFirst ? `const q = ${q}; ${others}` : `${others} const q = ${q};`}
    const loop = new q.VirtualTimeLoop();
    testing.runTask(loop, async () => events.getRunningLoop() === loop).then(({ task }) => {
      console.log(JSON.stringify({
        registry: testing.outcome(task),
        future: loop.createFuture() instanceof Future && new q.Future(loop) instanceof Future,
        eventLoop: EventLoop === q.EventLoop && rx.loopScheduler(loop) === rx.loopScheduler(loop),
        twice: reads.filter((f, i) => reads.indexOf(f) !== i),
      }));
      loop.close();
    });
  `);
    expect(out).toEqual({ registry: { ok: true }, future: true, eventLoop: true, twice: [] });
  },
);

test.each([
  ['without source maps', 'dist', 'js', []],
  ['with --enable-source-maps', 'src', 'ts', ['--enable-source-maps']],
])(
  '%s, an error thrown in the core shows the real file and line of its frames (%s/….%s)',
  (_, dir, ext, options) => {
    const out = inChild(
      `
    const { EventLoop } = require(${INDEX});
    const loop = new EventLoop();
    let stack = '';
    try { loop.callLater(NaN, () => {}); } catch (e) { stack = e.stack; }
    loop.setDebug(true);
    console.log(JSON.stringify({ stack, handle: String(loop.callSoon(() => {})) }));
  `,
      options,
    ) as { stack: string; handle: string };
    // { function: [file, the text of the line the frame names] } for the package's frames
    const frames = Object.fromEntries(
      [...out.stack.matchAll(/at (\S+) \((.+):(\d+):\d+\)/g)]
        .filter(([, , file]) => (file as string).startsWith(ROOT))
        .map(([, fn, file, line]) => [
          fn,
          [
            file,
            readFileSync(file as string, 'utf8')
              .split('\n')
              [Number(line) - 1]?.trim(),
          ],
        ]),
    );
    expect(frames.checkNumber).toEqual([
      join(ROOT, dir, 'core', `validate.${ext}`),
      expect.stringMatching(/\bthrow new\b/),
    ]);
    expect(frames['EventLoop.callLater']).toEqual([
      join(ROOT, dir, 'loop', `baseEventLoop.${ext}`),
      expect.stringContaining('checkTime'),
    ]);
    // In debug mode a handle records the first frame outside the package (core/debug.js finds the package by
    // its __dirname; with source maps, the package's frames name src/): the program's.
    expect(out.handle).toMatch(/created at \[eval\]:\d+:\d+>$/);
  },
);

test('packing again what the build packed changes no file', () => {
  const copy = mkdtempSync(join(tmpdir(), 'qtasyncio-pack-'));
  try {
    cpSync(DIST, join(copy, 'dist'), { recursive: true });
    const r = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { packCore } from ${JSON.stringify(join(ROOT, 'scripts', 'corePack.mjs'))};
         packCore(${JSON.stringify(join(copy, 'dist', 'index.js'))});`,
      ],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`packCore exited with ${r.status}:\n${r.stderr}`);
    for (const file of ['index.js', 'corePack.txt']) {
      expect(readFileSync(join(copy, 'dist', file), 'utf8')).toBe(readFileSync(join(DIST, file), 'utf8'));
    }
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});

test("in a module system other than Node's (here Jest's), dist/index.js loads its modules from their files", () => {
  const q = require(join(DIST, 'index.js')) as typeof import('../../src/index');
  const loop = new q.VirtualTimeLoop();
  expect(loop.createFuture()).toBeInstanceOf(q.Future);
  expect(dirname(require.resolve(join(DIST, 'index.js')))).toBe(DIST);
  loop.close();
});
