// What `require('qtasyncio')` loads: the loop core only. RxJS (223 CommonJS modules), the executors (piscina and
// qtasyncio's own executor modules), the synchronization primitives and queues, the structured-concurrency
// functions, os, perf_hooks, worker_threads and child_process come later, with the first use that needs them (the build defers
// the three areas in dist/index.js: scripts/build-dist.mjs). Each case runs the built package in a fresh `node`
// process, where require.cache shows exactly what was loaded.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { assertBuilt, ROOT } from '../helpers/built';

beforeAll(() => assertBuilt('dist/index.js', 'dist/rx/index.js'));

/** Run `body` (CommonJS) in a fresh node from the project root; returns what it printed as JSON. */
function inChild(body: string): unknown {
  const r = spawnSync(process.execPath, ['-e', body], { cwd: ROOT, encoding: 'utf8' });
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
