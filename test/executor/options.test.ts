// Options bags of the executors: an unknown key is an ExecutorArgumentError naming it and the near miss.
import { ExecutorArgumentError, ProcessPoolExecutor, ThreadPoolExecutor } from '../../src/executor';
import { onLoop } from '../../src/testing';
import { thrown } from '../concurrency/helpers';

test('ThreadPoolExecutor rejects an unknown option and suggests the near miss', () => {
  const e = thrown(() => new ThreadPoolExecutor({ maxWorker: 2 } as never));
  expect(e).toBeInstanceOf(ExecutorArgumentError);
  expect(e.message).toBe(
    'ThreadPoolExecutor(options): unknown option "maxWorker" (did you mean "maxWorkers"? known: maxWorkers, ' +
      'minWorkers, idleTimeoutMs, execArgv, resourceLimits)',
  );
  expect(thrown(() => new ThreadPoolExecutor({ idleTimeout: 5 } as never)).message).toContain(
    'did you mean "idleTimeoutMs"?',
  );
  expect(thrown(() => new ThreadPoolExecutor(null as never)).message).toBe(
    'ThreadPoolExecutor(options): expected an object, got null',
  );
});

test('ThreadPoolExecutor checks the keys of options.resourceLimits', () => {
  const e = thrown(() => new ThreadPoolExecutor({ resourceLimits: { maxOldGenerationSizeMB: 64 } as never }));
  expect(e).toBeInstanceOf(ExecutorArgumentError);
  expect(e.message).toMatch(
    /^ThreadPoolExecutor\(options\.resourceLimits\): unknown option "maxOldGenerationSizeMB" \(did you mean "maxOldGenerationSizeMb"\?/,
  );
});

test('ProcessPoolExecutor rejects an unknown option', () => {
  const e = thrown(() => new ProcessPoolExecutor({ execArgs: [] } as never));
  expect(e).toBeInstanceOf(ExecutorArgumentError);
  expect(e.message).toBe(
    'ProcessPoolExecutor(options): unknown option "execArgs" (did you mean "execArgv"? known: maxWorkers, execArgv)',
  );
});

test('submit() rejects unknown options, and the internal ones runInExecutor uses', async () => {
  const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  try {
    const e = thrown(() => pool.submit(() => 1, [], { singal: new AbortController().signal } as never));
    expect(e).toBeInstanceOf(ExecutorArgumentError);
    expect(e.message).toBe('submit(options): unknown option "singal" (did you mean "signal"? known: signal)');
    expect(thrown(() => pool.submit(() => 1, [], { caller: 'x' } as never)).message).toMatch(
      /^submit\(options\): unknown option "caller"/,
    );
    // runInExecutor still passes its own options through.
    expect(
      await onLoop((loop) => loop.runInExecutor(pool, (a: number) => a + 1, 41), { realTime: true }),
    ).toBe(42);
  } finally {
    await pool.destroy();
  }
});
