// ThreadPoolExecutor on real worker threads: results, errors, the function-source rule, cloning, cancellation,
// close/destroy. No wall-clock asserts: workers report progress through SharedArrayBuffers.
import { join } from 'node:path';
import {
  CapturedVariableError,
  ExecutorArgumentError,
  ExecutorShutdownError,
  FunctionSourceError,
  ThreadPoolExecutor,
  UncloneableArgumentError,
  UncloneableResultError,
  WorkerExitedError,
} from '../../src/executor';
import { gateJob, newGate, openGate, waitForCell } from './helpers';

const MODULE = join(__dirname, 'fixtures', 'mathModule.js');
const pools: ThreadPoolExecutor[] = [];
function pool(maxWorkers = 2): ThreadPoolExecutor {
  const p = new ThreadPoolExecutor({ maxWorkers });
  pools.push(p);
  return p;
}
afterAll(() => Promise.all(pools.map((p) => p.destroy())));

function cell(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(8));
}

describe('ThreadPoolExecutor: running functions', () => {
  test('runs a self-contained function with structured-cloned arguments and result', async () => {
    const p = pool();
    const result = await p.submit(
      (m: Map<string, number>, d: Date) => ({
        total: [...m.values()].reduce((a, b) => a + b, 0),
        year: d.getUTCFullYear(),
      }),
      [
        new Map([
          ['a', 1],
          ['b', 2],
        ]),
        new Date(Date.UTC(2024, 0, 1)),
      ],
    );
    expect(result).toEqual({ total: 3, year: 2024 });
  });

  test('runs in another thread, with require() and async functions', async () => {
    const p = pool();
    const id = await p.submit(async () => require('node:worker_threads').threadId as number, []);
    expect(id).not.toBe(require('node:worker_threads').threadId);
    const hex = await p.submit(
      (s: string) => require('node:crypto').createHash('md5').update(s).digest('hex'),
      ['a'],
    );
    expect(hex).toBe('0cc175b9c0f1b6a831c399e269772661');
  });

  test('import() works inside a sent function', async () => {
    // Written as source: this test file is compiled to CommonJS, which rewrites import() into a helper call
    // (the worker would rightly report that helper as a captured variable).
    const viaImport = new Function(
      "return async () => (await import('node:os')).platform();",
    )() as () => Promise<string>;
    expect(await pool().submit(viaImport, [])).toBe(process.platform);
  });

  test('method shorthand functions are sent too', async () => {
    const obj = {
      double(x: number) {
        return x * 2;
      },
    };
    expect(await pool().submit(obj.double, [21])).toBe(42);
  });

  test('a {module, export} reference runs the module export', async () => {
    const p = pool();
    expect(await p.submit({ module: MODULE, export: 'scale' }, [5])).toBe(50);
    await expect(p.submit({ module: MODULE, export: 'fail' }, [])).rejects.toMatchObject({
      name: 'ModuleError',
      message: 'from module',
    });
    await expect(p.submit({ module: MODULE, export: 'missing' }, [])).rejects.toThrow(
      /no exported function "missing"/,
    );
  });

  test('a relative module path, a non-function and a non-array are refused at once', () => {
    const p = pool();
    expect(() => p.submit({ module: './x.js', export: 'f' }, [])).toThrow(ExecutorArgumentError);
    expect(() => p.submit(42 as never, [])).toThrow(
      /expected a self-contained function or a \{module, export\} reference, got 42/,
    );
    expect(() => p.submit((x: number) => x, 1 as never)).toThrow(/submit\(args\): expected an array, got 1/);
  });
});

describe('ThreadPoolExecutor: errors', () => {
  test("a worker's error rejects with its original name, message, stack, properties and cause", async () => {
    const error = await pool()
      .submit(function failing() {
        class HttpError extends Error {
          override name = 'HttpError';
          code = 404;
        }
        throw new HttpError('not found', { cause: new TypeError('inner') });
      }, [])
      .catch((e: unknown) => e as Error & { code: number; cause: Error });
    expect(error.name).toBe('HttpError');
    expect(error.message).toBe('not found');
    expect(error.code).toBe(404);
    expect(error.stack).toMatch(/^HttpError: not found\n\s+at failing \(qtasyncio-executor\/failing\.js/);
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(error.cause.message).toBe('inner');
  });

  test('standard error classes stay themselves; thrown non-errors stay values', async () => {
    const p = pool();
    const e = await p.submit(() => (null as unknown as object).toString(), []).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TypeError);
    await expect(p.submit(() => Promise.reject(42), [])).rejects.toBe(42);
    const all = (await p
      .submit(() => Promise.any([Promise.reject(new RangeError('a')), Promise.reject(new Error('b'))]), [])
      .catch((x: unknown) => x)) as AggregateError;
    expect(all).toBeInstanceOf(AggregateError);
    expect(all.errors.map((x: Error) => `${x.name}: ${x.message}`)).toEqual(['RangeError: a', 'Error: b']);
  });

  test('a captured variable fails with CapturedVariableError naming the function and the variable', async () => {
    const factor = 3;
    const error = (await pool()
      .submit(
        function compute(x: number) {
          return x * factor;
        },
        [2],
      )
      .catch((e: unknown) => e)) as CapturedVariableError;
    expect(error).toBeInstanceOf(CapturedVariableError);
    expect(error.name).toBe('CapturedVariableError');
    expect(error.functionName).toBe('compute');
    expect(error.identifier).toBe('factor');
    expect(error.message).toMatch(/function compute uses "factor", which is not defined in the worker/);
    expect(error.stack).toMatch(/at compute \(qtasyncio-executor\/compute\.js/);
  });

  test('native, bound functions and classes are refused with FunctionSourceError', () => {
    const p = pool();
    expect(() => p.submit(Math.max, [1, 2])).toThrow(FunctionSourceError);
    expect(() => p.submit(((x: number) => x).bind(null), [1])).toThrow(/native or bound function/);
    expect(() => p.submit(class Foo {} as never, [])).toThrow(/is a class/);
  });

  test('a non-cloneable argument throws before anything is queued; other work is undisturbed', async () => {
    const p = pool(1);
    const before = p.submit((x: number) => x + 1, [1]);
    expect(() => p.submit((a: unknown, b: unknown) => [a, b], [1, Symbol('s')])).toThrow(
      new UncloneableArgumentError('submit', 1, 'Symbol(s)', 'a symbol cannot be cloned'),
    );
    let error: unknown;
    try {
      p.submit((o: unknown) => o, [{ callback: () => 1 }]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UncloneableArgumentError);
    expect((error as UncloneableArgumentError).index).toBe(0);
    expect((error as Error).message).toMatch(
      /argument 0 cannot be structured-cloned, got \{ callback: \[Function: callback\] \} \(.*could not be cloned/,
    );
    expect(await before).toBe(2);
    expect(await p.submit((x: number) => x * 2, [4])).toBe(8);
  });

  test('a result that cannot be cloned rejects with UncloneableResultError', async () => {
    const p = pool();
    await expect(p.submit(() => () => 1, [])).rejects.toBeInstanceOf(UncloneableResultError);
    expect(await p.submit(() => 'still fine', [])).toBe('still fine');
  });

  test('a worker that exits mid-job rejects with WorkerExitedError and is replaced', async () => {
    const p = pool(1);
    await expect(p.submit(() => process.exit(3), [])).rejects.toBeInstanceOf(WorkerExitedError);
    expect(await p.submit(() => 'replaced', [])).toBe('replaced');
  });
});

describe('ThreadPoolExecutor: cancellation', () => {
  test('cancelling a queued job removes it: it never runs', async () => {
    const p = pool(1);
    const gate = newGate();
    const marker = cell();
    const blocker = p.submit(gateJob, [gate]);
    await waitForCell(gate);
    const controller = new AbortController();
    const queued = p.submit(
      (m: Int32Array) => {
        Atomics.store(m, 0, 1);
        return 'ran';
      },
      [marker],
      { signal: controller.signal },
    );
    controller.abort(new Error('no longer needed'));
    await expect(queued).rejects.toThrow('no longer needed');
    openGate(gate);
    expect(await blocker).toBe('released');
    expect(await p.submit(() => 'next', [])).toBe('next');
    expect(Atomics.load(marker, 0)).toBe(0);
  });

  test('cancelling a running job terminates its worker; the pool serves the next job', async () => {
    const p = pool(1);
    const started = cell();
    const controller = new AbortController();
    const running = p.submit(
      (c: Int32Array) => {
        Atomics.store(c, 0, require('node:worker_threads').threadId);
        Atomics.notify(c, 0);
        for (;;) Atomics.add(c, 1, 1);
      },
      [started],
      { signal: controller.signal },
    );
    await waitForCell(started);
    controller.abort(new Error('stop'));
    await expect(running).rejects.toThrow('stop');
    const next = await p.submit(() => require('node:worker_threads').threadId as number, []);
    expect(next).not.toBe(Atomics.load(started, 0));
  });

  test('an already aborted signal rejects without queueing', async () => {
    const p = pool();
    await expect(p.submit(() => 1, [], { signal: AbortSignal.abort(new Error('early')) })).rejects.toThrow(
      'early',
    );
    expect(p.workerCount).toBe(0);
  });
});

describe('ThreadPoolExecutor: close and destroy', () => {
  test('close() drains queued and running jobs, then refuses new ones', async () => {
    const p = pool(1);
    const jobs = [1, 2, 3].map((n) => p.submit((x: number) => x * 10, [n]));
    const closed = p.close();
    expect(p.closed).toBe(true);
    expect(() => p.submit(() => 1, [])).toThrow(ExecutorShutdownError);
    expect(await Promise.all(jobs)).toEqual([10, 20, 30]);
    await closed;
    expect(p.workerCount).toBe(0);
    await p.close(); // idempotent
  });

  test('destroy() rejects queued and running jobs now', async () => {
    const p = pool(1);
    const gate = newGate();
    const running = p.submit(gateJob, [gate]);
    const queued = p.submit(() => 'never', []);
    const outcomes = Promise.allSettled([running, queued]);
    await waitForCell(gate);
    await p.destroy();
    const [r, q] = await outcomes;
    expect(r).toMatchObject({ status: 'rejected', reason: expect.any(ExecutorShutdownError) });
    expect(q).toMatchObject({
      status: 'rejected',
      reason: { message: 'destroy(): the executor was destroyed before the job finished' },
    });
    expect(p.workerCount).toBe(0);
    await p.destroy(); // idempotent
  });

  test('options are checked', () => {
    expect(() => new ThreadPoolExecutor({ maxWorkers: 0 })).toThrow(
      'ThreadPoolExecutor(options.maxWorkers): expected an integer ≥ 1, got 0',
    );
    expect(() => new ThreadPoolExecutor({ execArgv: [1] as never })).toThrow(ExecutorArgumentError);
  });
});
