// What `require('qtasyncio')` loads: the loop core only. RxJS (223 CommonJS modules), piscina, worker_threads
// and child_process come later, with the first use that needs them. Each case runs the built package in a fresh
// `node` process, where require.cache shows exactly what was loaded.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { assertBuilt, ROOT } from '../helpers/built';

beforeAll(() => assertBuilt('dist/index.js', 'dist/rx/index.js'));

/** Run `body` (CommonJS) in a fresh node from the project root; returns what it printed as JSON. */
function inChild(body: string): unknown {
  const r = spawnSync(process.execPath, ['-e', body], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`child exited with ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

const LOADED = `
  const builtins = ['worker_threads', 'child_process'].filter((m) => process.moduleLoadList.includes('NativeModule ' + m));
  const packages = [...new Set(Object.keys(require.cache)
    .map((f) => /[\\\\/]node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)/.exec(f)?.[1])
    .filter(Boolean))];
  console.log(JSON.stringify({ packages, builtins }));
`;

test("require('qtasyncio') loads no other package and neither worker_threads nor child_process", () => {
  const dist = JSON.stringify(join(ROOT, 'dist', 'index.js'));
  expect(inChild(`require(${dist}); ${LOADED}`)).toEqual({ packages: [], builtins: [] });
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
