// qtasyncio/testing, the test kit published for users' tests (and used by this project's own): each helper does
// what its TSDoc says, and the entry point loads no test framework and no RxJS.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  CancelledError,
  EventLoop,
  getEventLoop,
  InvalidStateError,
  LoopArgumentError,
  loopLogger,
  NoCurrentLoopError,
  setEventLoop,
  sleep,
  VirtualTimeLoop,
} from '../../src';
import {
  captureLog,
  onLoop,
  outcome,
  recordExceptions,
  runTask,
  type TestHooks,
  UnexpectedLoopExceptionError,
  useLoop,
} from '../../src/testing';
import { assertBuilt, ROOT } from '../helpers/built';

/** Hooks that a test fires by hand, to see what useLoop() registers. */
function manualHooks(): TestHooks & { before(): void; after(): void } {
  const before: (() => void)[] = [];
  const after: (() => void)[] = [];
  return {
    beforeEach: (fn) => before.push(fn),
    afterEach: (fn) => after.push(fn),
    before: () => {
      for (const fn of before) fn();
    },
    after: () => {
      for (const fn of after) fn();
    },
  };
}

describe('onLoop', () => {
  test('runs the body as a task of a fresh VirtualTimeLoop (time jumps), returns its value, closes the loop', async () => {
    let seen: VirtualTimeLoop | undefined;
    const value = await onLoop(async (loop) => {
      seen = loop;
      await sleep(60_000);
      return loop.time();
    });
    expect(value).toBe(60_000);
    expect(seen).toBeInstanceOf(VirtualTimeLoop);
    expect(seen?.isClosed()).toBe(true);
  });

  test('realTime: a real EventLoop; a body that throws rejects with its error and the loop is closed all the same', async () => {
    let seen: EventLoop | undefined;
    const boom = new RangeError('boom');
    await expect(
      onLoop(
        async (loop) => {
          seen = loop;
          throw boom;
        },
        { realTime: true },
      ),
    ).rejects.toBe(boom);
    expect(seen).toBeInstanceOf(EventLoop);
    expect(seen).not.toBeInstanceOf(VirtualTimeLoop);
    expect(seen?.isClosed()).toBe(true);
  });

  test('failOnException: an exception handler call rejects with UnexpectedLoopExceptionError naming it', async () => {
    const body = (loop: VirtualTimeLoop): Promise<string> => {
      loop.callSoon(() => {
        throw new TypeError('lost in a callback');
      });
      return sleep(1, 'done');
    };
    const err = await onLoop(body, { failOnException: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnexpectedLoopExceptionError);
    const e = err as UnexpectedLoopExceptionError;
    expect(e.contexts).toHaveLength(1);
    expect(e.contexts[0]?.exception).toBeInstanceOf(TypeError);
    expect(e.message).toMatch(/exception handler was called 1 time\(s\).*lost in a callback/);
    // Without the option the same body succeeds (the default handler logs; captured here to keep output clean).
    using log = captureLog();
    await expect(onLoop(body)).resolves.toBe('done');
    expect(log.errors.join('\n')).toMatch(/lost in a callback/);
  });
  test('autoAdvance: false keeps the clock still while the body waits on the outside world; bad arguments throw at the call', async () => {
    // The body waits for something outside the loop (a few real macrotask turns) while a timer is pending: an
    // auto-advancing loop, idle meanwhile, jumps to the timer; with autoAdvance: false time stays put.
    const waitOutside = async (loop: VirtualTimeLoop): Promise<number> => {
      loop.callLater(500, () => {});
      const outside = loop.createFuture<void>();
      let turns = 0;
      const turn = (): void => {
        if (++turns < 5) setImmediate(turn);
        else outside.setResult();
      };
      setImmediate(turn);
      await outside;
      return loop.time();
    };
    expect(await onLoop(waitOutside)).toBe(500);
    expect(await onLoop(waitOutside, { autoAdvance: false })).toBe(0);
    expect(() => onLoop(42 as never)).toThrow(/onLoop\(main\): expected a function, got 42/);
    expect(() => onLoop(async () => {}, { failOnExceptions: true } as never)).toThrow(
      /unknown option "failOnExceptions" \(did you mean "failOnException"\?/,
    );
  });
});

describe('useLoop', () => {
  test('a fresh loop before each test, closed after it; none outside a test', () => {
    const hooks = manualHooks();
    const fixture = useLoop(hooks);
    expect(() => fixture.loop).toThrow(/no loop outside a test/);
    hooks.before();
    const first = fixture.loop;
    expect(first).toBeInstanceOf(VirtualTimeLoop);
    expect(first.isClosed()).toBe(false);
    hooks.after();
    expect(first.isClosed()).toBe(true);
    expect(() => fixture.loop).toThrow(InvalidStateError);
    hooks.before();
    expect(fixture.loop).not.toBe(first);
    fixture.loop.close(); // a test may close its loop itself
    expect(() => hooks.after()).not.toThrow();
  });

  test('realTime: a real EventLoop per test', () => {
    const hooks = manualHooks();
    const fixture = useLoop(hooks, { realTime: true });
    hooks.before();
    expect(fixture.loop).toBeInstanceOf(EventLoop);
    expect(fixture.loop).not.toBeInstanceOf(VirtualTimeLoop);
    hooks.after();
  });

  test('autoAdvance: false keeps the virtual clock still until the test advances it; current: true makes it the current loop', async () => {
    const hooks = manualHooks();
    const fixture = useLoop(hooks, { autoAdvance: false, current: true });
    setEventLoop(null);
    hooks.before();
    const loop = fixture.loop;
    expect(getEventLoop()).toBe(loop);
    const fired: number[] = [];
    loop.callLater(1_000, () => fired.push(loop.time()));
    await loop.advance(0);
    expect(fired).toEqual([]); // an auto-advancing loop would not be idle-waiting here, but nothing ran it either
    await loop.advance(1_000);
    expect(fired).toEqual([1_000]);
    hooks.after();
    expect(loop.isClosed()).toBe(true);
    expect(() => getEventLoop()).toThrow(NoCurrentLoopError);
  });

  test('bad hooks or options are errors naming them, at the call', () => {
    const hooks = manualHooks();
    expect(() => useLoop({} as TestHooks)).toThrow(LoopArgumentError);
    expect(() => useLoop(hooks, { realtime: true } as never)).toThrow(
      /useLoop\(options\): unknown option "realtime" \(did you mean "realTime"\?/,
    );
    expect(() => useLoop(hooks, { current: 'yes' } as never)).toThrow(
      /useLoop\(options.current\): expected a boolean, got/,
    );
    expect(() => useLoop(hooks, { realTime: true, autoAdvance: false })).toThrow(/only a VirtualTimeLoop/);
  });

  describe("with Jest's own hooks", () => {
    const fixture = useLoop({ beforeEach, afterEach });
    const loops: VirtualTimeLoop[] = [];
    test('first test', () => {
      loops.push(fixture.loop);
    });
    test('second test: another loop, the first one closed', () => {
      loops.push(fixture.loop);
      expect(loops[1]).not.toBe(loops[0]);
      expect(loops[0]?.isClosed()).toBe(true);
      expect(loops[1]?.isClosed()).toBe(false);
    });
  });
});

test('recordExceptions collects every context the exception handler receives, in order', async () => {
  const loop = new VirtualTimeLoop();
  const seen = recordExceptions(loop);
  loop.callSoon(() => {
    throw new RangeError('first');
  });
  loop.callExceptionHandler({ message: 'second' });
  await loop.advance(0);
  expect(seen.map((c) => c.message)).toEqual(['second', expect.stringMatching(/^Exception in callback/)]);
  expect(seen[1]?.exception).toEqual(new RangeError('first'));
  loop.close();
});

test('captureLog captures loopLogger errors and warnings until restored; restoring twice or nested is safe', () => {
  const before = loopLogger.delegate;
  const outer = captureLog();
  const inner = captureLog();
  loopLogger.error('e1');
  loopLogger.warn('w1');
  inner.restore();
  inner.restore();
  loopLogger.error('e2');
  outer[Symbol.dispose]();
  outer.restore();
  expect(inner.errors).toEqual(['e1']);
  expect(inner.warnings).toEqual(['w1']);
  expect(outer.errors).toEqual(['e2']);
  expect(outer.warnings).toEqual([]);
  expect(loopLogger.delegate).toBe(before);
});

test('runTask runs a task until the loop is idle; outcome describes how it ended', async () => {
  const loop = new VirtualTimeLoop();
  const { task: ok } = await runTask(loop, async () => {
    await sleep(1_000);
    return 'done';
  });
  expect(outcome(ok)).toEqual({ ok: 'done' });
  expect(loop.time()).toBe(1_000);
  const { task: failed } = await runTask(loop, async () => {
    throw new RangeError('no');
  });
  expect(outcome(failed)).toEqual({ err: new RangeError('no') });
  const never = loop.createFuture<void>();
  const { task: waiting } = await runTask(loop, () => never);
  expect(outcome(waiting)).toBe('pending');
  waiting.cancel();
  await loop.advance(0);
  expect(outcome(waiting)).toBe('cancelled');
  expect(() => waiting.result()).toThrow(CancelledError);
  loop.close();
});

test("require('qtasyncio/testing') loads no other package: no test framework, no RxJS", () => {
  assertBuilt('dist/testing/index.js');
  const entry = JSON.stringify(join(ROOT, 'dist', 'testing', 'index.js'));
  const r = spawnSync(
    process.execPath,
    [
      '-e',
      `require(${entry});
       const packages = [...new Set(Object.keys(require.cache)
         .map((f) => /[\\\\/]node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)/.exec(f)?.[1]).filter(Boolean))];
       console.log(JSON.stringify(packages));`,
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual([]);
});
