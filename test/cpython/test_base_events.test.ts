/**
 * CPython's Lib/test/test_asyncio/test_base_events.py: the cases of BaseEventLoopTests and RunningLoopTests that
 * need no mock of the loop's internals (CPython gives its BaseEventLoop a mock selector; here the loop is a
 * VirtualTimeLoop). The exception-handler and slow-callback cases are in test_base_events.exceptionHandler.test.ts.
 * The cases without JS meaning, and those that need mocks, are listed in SKIPPED.md.
 */
import {
  EventLoop,
  ensureFuture,
  KeyboardInterrupt,
  LoopArgumentError,
  LoopClosedError,
  LoopRunningError,
  newEventLoop,
  Task,
  type TaskFactory,
  type TaskFunction,
  type TaskOptions,
  type VirtualTimeLoop,
} from '../../src';
import { SubprocessProtocol } from '../../src/io';
import { recordExceptions } from '../../src/testing';
import { spawnSyncGuarded } from '../helpers/hangGuard';
import { runBriefly } from './helpers';
import { failure, hangGuard, useTestLoop } from './taskHelpers';

let loop: VirtualTimeLoop;
useTestLoop((l) => {
  loop = l;
});

describe('test_base_events.BaseEventLoopTests', () => {
  test('test_base_events.BaseEventLoopTests.test_close', async () => {
    expect(loop.isClosed()).toBe(false);
    loop.close();
    expect(loop.isClosed()).toBe(true);
    // close() may be called more than once
    loop.close();
    loop.close();
    // operations blocked when the loop is closed
    const f = loop.createFuture();
    expect(await failure(loop.runForever())).toBeInstanceOf(LoopClosedError);
    expect(await failure(() => loop.runUntilComplete(f))).toBeInstanceOf(LoopClosedError);
  });

  test('test_base_events.BaseEventLoopTests.test_call_soon', async () => {
    let ran = 0;
    const h = loop.callSoon(() => {
      ran++;
    });
    expect(h.cancelled()).toBe(false);
    expect(ran).toBe(0); // queued, not run
    await runBriefly(loop);
    expect(ran).toBe(1);
  });

  test('test_base_events.BaseEventLoopTests.test_call_soon_non_callable', () => {
    loop.setDebug(true);
    expect(() => loop.callSoon(1 as never)).toThrow(LoopArgumentError);
    expect(() => loop.callSoon(1 as never)).toThrow(/expected a function/);
  });

  test('test_base_events.BaseEventLoopTests.test_call_later', async () => {
    let ran = 0;
    const h = loop.callLater(10_000, () => {
      ran++;
    });
    expect(h.when()).toBe(loop.time() + 10_000); // a TimerHandle, scheduled
    await loop.advance(0);
    expect(ran).toBe(0); // not ready
    expect(() => loop.callLater(null as never, () => {})).toThrow(TypeError);
  });

  test('test_base_events.BaseEventLoopTests.test_call_later_negative_delays', async () => {
    // A negative delay is due now; due timers run in deadline order.
    const calls: string[] = [];
    loop.callLater(-1, () => calls.push('a'));
    loop.callLater(-2, () => calls.push('b'));
    await runBriefly(loop);
    expect(calls).toEqual(['b', 'a']);
  });

  test('test_base_events.BaseEventLoopTests.test_call_coroutine', () => {
    // Debug mode refuses an async function as a callback (its Promise would not be awaited); a Promise is not a
    // function at all. (run_in_executor's part: see SKIPPED.md.)
    loop.setDebug(true);
    const asyncFn = async () => {};
    const promise = asyncFn();
    for (const func of [asyncFn, promise]) {
      expect(() => loop.callSoon(func as never)).toThrow(TypeError);
      expect(() => loop.callLater(60, func as never)).toThrow(TypeError);
      expect(() => loop.callAt(loop.time() + 60, func as never)).toThrow(TypeError);
    }
    expect(() => loop.callSoon(asyncFn)).toThrow(
      'callSoon(callback): an async function cannot be a callback (its Promise would not be awaited); run it as a task: loop.createTask(fn)',
    );
  });

  test('test_base_events.BaseEventLoopTests.test_time_and_call_at', async () => {
    const delay = 100;
    const when = loop.time() + delay;
    loop.callAt(when, () => loop.stop());
    const t0 = loop.time();
    await hangGuard(loop, loop.runForever(), 'the callAt callback stops the loop');
    expect(loop.time() - t0).toBeGreaterThanOrEqual(delay);
    expect(() => loop.callAt(null as never, () => {})).toThrow(TypeError);
  });

  test('test_base_events.BaseEventLoopTests.test_set_debug', () => {
    loop.setDebug(true);
    expect(loop.getDebug()).toBe(true);
    loop.setDebug(false);
    expect(loop.getDebug()).toBe(false);
  });

  test('test_base_events.BaseEventLoopTests.test_subprocess_exec_invalid_args', async () => {
    const exec = (...a: unknown[]) =>
      loop.runUntilComplete(() =>
        (loop.subprocessExec as (...x: unknown[]) => Promise<unknown>)(() => new SubprocessProtocol(), ...a),
      );
    const args = [process.execPath, ['-e', '0']] as const;
    // missing program
    expect(await failure(() => exec())).toBeInstanceOf(TypeError);
    // a list where the program is expected
    expect(await failure(() => exec([process.execPath, '-e', '0']))).toBeInstanceOf(TypeError);
    // program arguments must be strings
    expect(await failure(() => exec(process.execPath, [123]))).toBeInstanceOf(TypeError);
    // universal_newlines, shell, bufsize must not be set
    for (const bad of [{ universalNewlines: true }, { shell: true }, { bufsize: 4096 }]) {
      expect(await failure(() => exec(...args, bad))).toBeInstanceOf(TypeError);
    }
  });

  test('test_base_events.BaseEventLoopTests.test_subprocess_shell_invalid_args', async () => {
    const shell = (...a: unknown[]) =>
      loop.runUntilComplete(() =>
        (loop.subprocessShell as (...x: unknown[]) => Promise<unknown>)(() => new SubprocessProtocol(), ...a),
      );
    // a string is expected, not a number or a list
    expect(await failure(() => shell(123))).toBeInstanceOf(TypeError);
    expect(await failure(() => shell([process.execPath, '-e', '0']))).toBeInstanceOf(TypeError);
    // universal_newlines, shell, bufsize must not be set
    for (const bad of [{ universalNewlines: true }, { shell: true }, { bufsize: 4096 }]) {
      expect(await failure(() => shell('exit 0', bad))).toBeInstanceOf(TypeError);
    }
  });

  test('test_base_events.BaseEventLoopTests.test_run_until_complete_type_error', async () => {
    expect(await failure(() => loop.runUntilComplete('blah' as never))).toBeInstanceOf(TypeError);
  });

  test('test_base_events.BaseEventLoopTests.test_run_until_complete_loop', async () => {
    const task = loop.createFuture();
    const otherLoop = newEventLoop();
    try {
      // asyncio: ValueError
      expect(await failure(() => otherLoop.runUntilComplete(task))).toBeInstanceOf(LoopArgumentError);
    } finally {
      otherLoop.close();
      task.cancel();
    }
  });

  test('test_base_events.BaseEventLoopTests.test_set_task_factory_invalid', () => {
    expect(() => loop.setTaskFactory(1 as never)).toThrow(LoopArgumentError);
    expect(loop.getTaskFactory()).toBeNull();
  });

  test('test_base_events.BaseEventLoopTests.test_set_task_factory', async () => {
    class MyTask<T> extends Task<T> {}
    const coro = async (): Promise<void> => {};
    const factory: TaskFactory = (l, fn, options) => new MyTask(fn, { ...options, loop: l });
    expect(loop.getTaskFactory()).toBeNull();
    loop.setTaskFactory(factory);
    expect(loop.getTaskFactory()).toBe(factory);
    let task = loop.createTask(coro);
    expect(task).toBeInstanceOf(MyTask);
    await loop.runUntilComplete(task);

    loop.setTaskFactory(null);
    expect(loop.getTaskFactory()).toBeNull();
    task = loop.createTask(coro);
    expect(task).toBeInstanceOf(Task);
    expect(task).not.toBeInstanceOf(MyTask);
    await loop.runUntilComplete(task);
  });

  test('test_base_events.BaseEventLoopTests.test_env_var_debug', () => {
    // asyncio: PYTHONASYNCIODEBUG; here QTASYNCIO_DEBUG (Python's -E and -X dev have no Node equivalent).
    const code = "console.log(require('qtasyncio').newEventLoop().getDebug())";
    const debugWith = (value: string | undefined): string => {
      const env = { ...process.env };
      delete env.QTASYNCIO_DEBUG;
      if (value !== undefined) env.QTASYNCIO_DEBUG = value;
      const r = spawnSyncGuarded(process.execPath, ['-e', code], { env, cwd: `${__dirname}/../..` });
      expect(r.stderr).toBe('');
      return r.stdout.trim();
    };
    expect(debugWith(undefined)).toBe('false');
    expect(debugWith('')).toBe('false');
    expect(debugWith('1')).toBe('true');
  });

  test('test_base_events.BaseEventLoopTests.test_create_task', () => {
    class MyTask<T> extends Task<T> {}
    class MyLoop extends EventLoop {
      override createTask<T>(fn: TaskFunction<T>, options: TaskOptions = {}): Task<T> {
        return new MyTask(fn, { ...options, loop: this });
      }
    }
    const l = new MyLoop();
    try {
      const task = ensureFuture(async () => {}, l);
      expect(task).toBeInstanceOf(MyTask);
      (task as Task<void>).cancel();
    } finally {
      l.close();
    }
  });

  test('test_base_events.BaseEventLoopTests.test_create_task_error_closes_coro', () => {
    const l = newEventLoop();
    l.close();
    expect(() => ensureFuture(async () => {}, l)).toThrow(LoopClosedError);
  });

  test('test_base_events.BaseEventLoopTests.test_create_named_task_with_default_factory', async () => {
    const task = loop.createTask(async () => {}, { name: 'test_task' });
    expect(task.getName()).toBe('test_task');
    await loop.runUntilComplete(task);
  });

  test('test_base_events.BaseEventLoopTests.test_create_named_task_with_custom_factory', async () => {
    loop.setTaskFactory((l, fn, options) => new Task(fn, { ...options, loop: l }));
    const task = loop.createTask(async () => {}, { name: 'test_task' });
    expect(task.getName()).toBe('test_task');
    await loop.runUntilComplete(task);
  });

  test('test_base_events.BaseEventLoopTests.test_run_forever_keyboard_interrupt', async () => {
    const handled = recordExceptions(loop);
    const err = await failure(
      loop.runUntilComplete(async () => {
        throw new KeyboardInterrupt();
      }),
    );
    expect(err).toBeInstanceOf(KeyboardInterrupt);
    loop.close();
    // the task consumed the KeyboardInterrupt: nothing was reported as never retrieved
    expect(handled).toEqual([]);
  });

  test('test_base_events.BaseEventLoopTests.test_run_until_complete_baseexception', async () => {
    const err = await failure(
      loop.runUntilComplete(async () => {
        throw new KeyboardInterrupt();
      }),
    );
    expect(err).toBeInstanceOf(KeyboardInterrupt);
    // no pending stop() left behind: the next run goes on until func stops it
    let called = false;
    const func = (): void => {
      loop.stop();
      called = true;
    };
    loop.callSoon(() => loop.callSoon(func));
    await hangGuard(loop, loop.runForever(), 'func stops the loop');
    expect(called).toBe(true);
  });

  test('test_base_events.BaseEventLoopTests.test_run_once', async () => {
    let count = 0;
    loop.callSoon(() => {
      count++;
    });
    // test_utils.run_once: call_soon(loop.stop); run_forever()
    loop.callSoon(() => loop.stop());
    await hangGuard(loop, loop.runForever(), 'the queued stop() ends the run');
    expect(count).toBe(1);
  });

  test('test_base_events.BaseEventLoopTests.test_run_forever_pre_stopped', async () => {
    // The old idiom: stop() before run_forever() runs one iteration without waiting (CPython: select(0)).
    loop.callLater(60_000, () => {});
    const t0 = loop.time();
    loop.stop();
    await hangGuard(loop, loop.runForever(), 'a pre-stopped loop returns after one iteration');
    expect(loop.time()).toBe(t0);
  });
});

describe('test_base_events.RunningLoopTests', () => {
  test('test_base_events.RunningLoopTests.test_running_loop_within_a_loop', async () => {
    const inner = newEventLoop();
    const outer = newEventLoop();
    try {
      const err = await failure(outer.runUntilComplete(() => inner.runForever()));
      expect(err).toBeInstanceOf(LoopRunningError);
      expect(err.message).toMatch(/another event loop is already running/);
    } finally {
      inner.close();
      outer.close();
    }
  });
});
