// Errors a worker raises outside its jobs (a timer or an unawaited promise a job left behind): reported to the
// loop's exception handler when they happen, never blamed on another job. Real worker threads and processes.

import { ProcessPoolExecutor, ThreadPoolExecutor, WorkerExitedError } from '../../src/executor';
import type { ExceptionContext } from '../../src/index';
import { onLoop } from '../../src/testing';
import { nextReport } from './helpers';

function jobA(): string {
  setTimeout(() => {
    throw new Error('E1 from job A');
  }, 20);
  return 'a';
}

async function jobB(): Promise<string> {
  await new Promise((r) => setTimeout(r, 10));
  return 'b';
}

function leavesRejection(): string {
  Promise.reject(new RangeError('nobody awaited me'));
  return 'done';
}

describe('ThreadPoolExecutor: errors outside a job', () => {
  test('a timer a job left behind throws while the worker is idle: reported at once, the next job succeeds', async () => {
    const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    try {
      await onLoop(
        async (loop) => {
          const reported = nextReport(loop, 'an idle worker must run its timers');
          expect(await loop.runInExecutor(pool, jobA)).toBe('a');
          const context = await reported;
          expect(context.message).toBe(
            'Exception in a worker thread of a ThreadPoolExecutor outside any job (its most recent jobs: jobA)',
          );
          expect(context.exception).toBeInstanceOf(Error);
          expect((context.exception as Error).message).toBe('E1 from job A');
          expect((context.exception as Error).stack).toContain('jobA');
          // The same (only) worker runs the next job, which waits on a timer of its own.
          expect(await loop.runInExecutor(pool, jobB)).toBe('b');
        },
        { realTime: true },
      );
    } finally {
      await pool.destroy();
    }
  });

  test('an unhandled rejection a job left behind is reported as such; the worker keeps serving jobs', async () => {
    const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    try {
      await onLoop(
        async (loop) => {
          const reported = nextReport(loop, 'the rejection must be reported');
          expect(await loop.runInExecutor(pool, leavesRejection)).toBe('done');
          const context = await reported;
          expect(context.message).toMatch(
            /^Unhandled rejection in a worker thread of a ThreadPoolExecutor outside any job/,
          );
          expect(context.exception).toBeInstanceOf(RangeError);
          expect(await loop.runInExecutor(pool, jobB)).toBe('b');
          expect(pool.workerCount).toBe(1);
        },
        { realTime: true },
      );
    } finally {
      await pool.destroy();
    }
  });

  test("a worker that dies while idle (out of memory) is reported, not swallowed by the pool's 'error' event", async () => {
    const pool = new ThreadPoolExecutor({ maxWorkers: 1, resourceLimits: { maxOldGenerationSizeMb: 16 } });
    try {
      await onLoop(
        async (loop) => {
          const reported = nextReport(loop, "the pool's error event must reach the handler");
          const leak = () => {
            setTimeout(() => {
              const hoard: number[][] = [];
              for (;;) hoard.push(new Array(1e5).fill(1));
            }, 10);
            return 'leaking';
          };
          expect(await loop.runInExecutor(pool, leak)).toBe('leaking');
          const context = await reported;
          expect(context.message).toBe('Error in a ThreadPoolExecutor outside any job');
          expect(String(context.exception)).toMatch(/memory/i);
          expect(await loop.runInExecutor(pool, jobB)).toBe('b');
        },
        { realTime: true },
      );
    } finally {
      await pool.destroy();
    }
  });
});

test('ThreadPoolExecutor: process.exit() outside a job is reported; inside a job it fails only that job', async () => {
  const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  try {
    await onLoop(
      async (loop) => {
        const reported = nextReport(loop, 'the exit must be reported');
        const exitsLater = () => {
          setTimeout(() => process.exit(3), 20);
          return 'scheduled';
        };
        expect(await loop.runInExecutor(pool, exitsLater)).toBe('scheduled');
        const context = await reported;
        expect(context.message).toBe(
          'Exit of a worker thread of a ThreadPoolExecutor outside any job (its most recent jobs: exitsLater)',
        );
        expect(context.exception).toBeInstanceOf(WorkerExitedError);
        expect((context.exception as Error).message).toContain('called process.exit(3) outside any job');
        const later: ExceptionContext[] = [];
        loop.setExceptionHandler((_l, c) => later.push(c));
        await expect(loop.runInExecutor(pool, () => process.exit(4))).rejects.toBeInstanceOf(
          WorkerExitedError,
        );
        expect(await loop.runInExecutor(pool, jobB)).toBe('b');
        expect(later).toEqual([]);
      },
      { realTime: true },
    );
  } finally {
    await pool.destroy();
  }
});

describe('ProcessPoolExecutor: errors outside a job', () => {
  test('a child that exits while idle is reported (and replaced)', async () => {
    const pool = new ProcessPoolExecutor({ maxWorkers: 1 });
    try {
      await onLoop(
        async (loop) => {
          const reported = nextReport(loop, 'the idle exit must be reported');
          await loop.runInExecutor(pool, () => {
            setTimeout(() => process.exit(5), 20);
          });
          const context = await reported;
          expect(context.message).toBe('Error in a ProcessPoolExecutor outside any job');
          expect(context.exception).toBeInstanceOf(WorkerExitedError);
          expect((context.exception as Error).message).toContain('exit code 5');
          expect(await loop.runInExecutor(pool, () => 'replaced')).toBe('replaced');
        },
        { realTime: true },
      );
    } finally {
      await pool.destroy();
    }
  });

  test('a timer a job left behind throws: reported, and the same child runs the next job', async () => {
    const pool = new ProcessPoolExecutor({ maxWorkers: 1 });
    try {
      await onLoop(
        async (loop) => {
          const reported = nextReport(loop, 'the child must report, not die');
          const pid = await loop.runInExecutor(pool, () => {
            setTimeout(() => {
              throw new TypeError('E2 from a child');
            }, 20);
            return process.pid;
          });
          const context = await reported;
          expect(context.message).toMatch(
            /^Exception in a worker process of a ProcessPoolExecutor outside any job \(its most recent jobs: /,
          );
          expect(context.exception).toBeInstanceOf(TypeError);
          expect(await loop.runInExecutor(pool, () => process.pid)).toBe(pid);
        },
        { realTime: true },
      );
    } finally {
      await pool.destroy();
    }
  });
});
