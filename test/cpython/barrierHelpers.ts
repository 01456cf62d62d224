/**
 * Shared helpers of the BarrierTests port (not a test file): CPython's `make_tasks` and `gather_tasks`, and a
 * `try/except BrokenBarrierError` in one call.
 */
import { BrokenBarrierError, type EventLoop, gather, getRunningLoop, type Task } from '../../src';

/** CPython's `self.N`. */
export const N = 5;

/** CPython's `make_tasks`: `n` tasks of `coro`, on the running loop. */
export function makeTasks<T>(n: number, coro: () => Promise<T>): Task<T>[] {
  const loop: EventLoop = getRunningLoop();
  return Array.from({ length: n }, () => loop.createTask(coro));
}

/** CPython's `gather_tasks`: `n` tasks of `coro`, gathered; resolves to their results. */
export async function gatherTasks<T>(n: number, coro: () => Promise<T>): Promise<T[]> {
  return (await gather(...makeTasks(n, coro))) as T[];
}

/** Run `fn`: true if it succeeded; on BrokenBarrierError run `onBroken` and give false (other errors propagate). */
export async function catchBroken(
  fn: () => Promise<unknown>,
  onBroken: () => Promise<void> | void,
): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (e) {
    if (!(e instanceof BrokenBarrierError)) throw e;
    await onBroken();
    return false;
  }
}
