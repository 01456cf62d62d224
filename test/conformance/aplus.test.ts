/**
 * Promises/A+ 1.1 conformance of `Future`: the whole `promises-aplus-tests` suite (872 cases), run in-process by
 * its own mocha (inside this Jest test), against futures created by a real `EventLoop` that runs forever for the
 * duration of the suite, as in a program. Any failing case fails this test, and the number of cases that ran is
 * asserted, so a suite that silently loads fewer files cannot pass.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EventLoop, type Future } from '../../src';
import { recordExceptions } from '../../src/testing';

/** The number of cases in promises-aplus-tests 2.1.2 (Promises/A+ 1.1.0). */
const APLUS_CASES = 872;

interface MochaOutcome {
  passed: number;
  failed: string[];
  pending: number;
  ended: number;
}

/** Run the suite's mocha with `adapter` as its global, restoring every global mocha touches afterwards. */
async function runAplus(adapter: object): Promise<MochaOutcome> {
  const g = globalThis as Record<string, unknown>;
  const before = new Map(Object.keys(g).map((k) => [k, g[k]]));
  const Mocha = require('mocha');
  const testsDir = path.join(path.dirname(require.resolve('promises-aplus-tests')), 'tests');
  const mocha = new Mocha({ timeout: 500, slow: Number.POSITIVE_INFINITY, reporter: function Silent() {} });
  for (const f of fs.readdirSync(testsDir).sort())
    if (f.endsWith('.js')) mocha.addFile(path.join(testsDir, f));
  const outcome: MochaOutcome = { passed: 0, failed: [], pending: 0, ended: 0 };
  g.adapter = adapter;
  try {
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      runner.on('pass', () => outcome.passed++);
      runner.on('pending', () => outcome.pending++);
      runner.on('test end', () => outcome.ended++);
      runner.on('fail', (t: { fullTitle(): string }, err: unknown) => {
        outcome.failed.push(`${t.fullTitle()}: ${err instanceof Error ? err.message : String(err)}`);
      });
    });
  } finally {
    for (const k of Object.keys(g)) if (!before.has(k)) delete g[k];
    for (const [k, v] of before) if (g[k] !== v) g[k] = v;
  }
  return outcome;
}

describe('Future is Promises/A+ compliant', () => {
  it(`passes all ${APLUS_CASES} cases of promises-aplus-tests`, async () => {
    const loop = new EventLoop();
    // Rejected futures that nobody awaits are normal in the suite; keep their reports off the console.
    const reports = recordExceptions(loop);
    const running = loop.runForever();

    const adapter = {
      resolved(value: unknown): Future<unknown> {
        const f = loop.createFuture<unknown>();
        f.setResult(value);
        return f;
      },
      rejected(reason: unknown): Future<unknown> {
        const f = loop.createFuture<unknown>();
        f.setException(reason as Error);
        return f;
      },
      // A deferred ignores a second settle (A+ 2.1.2/2.1.3); a Future would throw InvalidStateError instead.
      deferred() {
        const f = loop.createFuture<unknown>();
        return {
          promise: f,
          resolve: (value: unknown) => {
            if (!f.done()) f.setResult(value);
          },
          reject: (reason: unknown) => {
            if (!f.done()) f.setException(reason as Error);
          },
        };
      },
    };

    let outcome: MochaOutcome;
    try {
      outcome = await runAplus(adapter);
    } finally {
      loop.stop();
      await running;
      loop.close();
    }

    expect(outcome.failed).toEqual([]);
    expect(outcome.pending).toBe(0);
    expect(outcome.passed).toBe(APLUS_CASES);
    expect(outcome.ended).toBe(APLUS_CASES);
    // The loop itself must not have hit an error of its own while running the suite.
    expect(reports.filter((c) => !/never retrieved/.test(String(c.message)))).toEqual([]);
  });
});
