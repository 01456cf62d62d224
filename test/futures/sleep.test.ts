import {
  ensureFuture,
  Future,
  isFuture,
  LoopArgumentError,
  LoopRangeError,
  NoRunningLoopError,
  sleep,
  Task,
  VirtualTimeLoop,
  wrapFuture,
} from '../../src';

describe('sleep', () => {
  it('resolves with the value after ms; sleep(0) on the next iteration', async () => {
    const loop = new VirtualTimeLoop();
    const t = loop.createTask(async () => {
      const a = await sleep(0, 'zero');
      const t0 = loop.time();
      const b = await sleep(25, 'later');
      return [a, b, loop.time() - t0];
    });
    await loop.runUntilIdle();
    expect(t.result()).toEqual(['zero', 'later', 25]);
  });

  it('needs a running loop and a valid duration', async () => {
    expect(() => sleep(1)).toThrow(NoRunningLoopError);
    const loop = new VirtualTimeLoop();
    const errors = await loop.runUntilComplete(async () => {
      const out: unknown[] = [];
      for (const ms of [Number.NEGATIVE_INFINITY, Number.NaN, Number.POSITIVE_INFINITY]) {
        try {
          sleep(ms);
        } catch (e) {
          out.push(e);
        }
      }
      return out;
    });
    expect(errors).toHaveLength(3);
    for (const e of errors) expect(e).toBeInstanceOf(LoopRangeError);
    expect((errors[1] as Error).message).toBe('sleep(ms): expected a finite number, got NaN');
  });

  it('cancelling the sleep Future cancels its timer', async () => {
    const loop = new VirtualTimeLoop();
    const { f } = await loop.runUntilComplete(async () => {
      const s = sleep(10_000);
      s.cancel();
      return { f: s };
    });
    expect(f.cancelled()).toBe(true);
    await loop.runUntilIdle();
    expect(loop.time()).toBe(0);
  });
});

describe('isFuture / ensureFuture / wrapFuture', () => {
  it('isFuture recognises Futures and Tasks only', () => {
    const loop = new VirtualTimeLoop();
    expect(isFuture(loop.createFuture())).toBe(true);
    expect(isFuture(loop.createTask(async () => {}))).toBe(true);
    expect(isFuture(Promise.resolve())).toBe(false);
    // biome-ignore lint/suspicious/noThenProperty: a foreign thenable on purpose
    expect(isFuture({ then() {} })).toBe(false);
  });

  it('ensureFuture: Future as is, function → Task, Promise → wrapped Future', async () => {
    const loop = new VirtualTimeLoop();
    const f = loop.createFuture();
    expect(ensureFuture(f)).toBe(f);
    const t = ensureFuture(async () => 'task', loop);
    expect(t).toBeInstanceOf(Task);
    const w = ensureFuture(Promise.resolve('promise'), loop);
    expect(w).toBeInstanceOf(Future);
    await loop.runUntilIdle();
    expect(t.result()).toBe('task');
    expect(w.result()).toBe('promise');
    expect(() => ensureFuture(42 as never)).toThrow(
      'ensureFuture(awaitable): expected a Future, a Promise-like or a function, got 42',
    );
    expect(() => ensureFuture(f, new VirtualTimeLoop())).toThrow(LoopArgumentError);
  });

  it('wrapFuture follows a Promise (result or exception)', async () => {
    const loop = new VirtualTimeLoop();
    const ok = wrapFuture(Promise.resolve(1), loop);
    const bad = wrapFuture(Promise.reject(new Error('no')), loop);
    await loop.runUntilIdle();
    expect(ok.result()).toBe(1);
    expect((bad.exception() as Error).message).toBe('no');
    expect(() => wrapFuture(3 as never)).toThrow('wrapFuture(promise): expected a Promise-like, got 3');
    expect(wrapFuture(ok)).toBe(ok);
  });
});
