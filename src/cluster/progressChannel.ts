/**
 * The progress values of one cluster job on the app's side: delivered in the order the worker reported them,
 * the latest replayed to a late subscriber, ended when the job settles. Held per job by the executor and found
 * again by `jobProgress(future)`.
 *
 * @packageDocumentation
 */

/** A listener of a {@link ProgressChannel}: a value, or `done` once the job settled. */
export interface ProgressListener {
  next(value: unknown): void;
  complete(): void;
}

/**
 * The progress of one job.
 *
 * @example
 * ```ts
 * import { ProgressChannel } from './progressChannel';
 * const channel = new ProgressChannel();
 * channel.listen({ next: (v) => console.log(v), complete: () => console.log('done') });
 * channel.next(50); // 50
 * channel.complete(); // done
 * ```
 */
export class ProgressChannel {
  #latest: { value: unknown } | null = null;
  #listeners: Set<ProgressListener> | null = new Set();

  /**
   * Whether the job settled (no more values).
   *
   * @example
   * ```ts
   * import type { ProgressChannel } from './progressChannel';
   * declare const channel: ProgressChannel;
   * channel.done; // false while the job runs
   * ```
   */
  get done(): boolean {
    return this.#listeners === null;
  }

  /**
   * Deliver `value` to every listener (ignored after {@link ProgressChannel.complete}).
   *
   * @example
   * ```ts
   * import type { ProgressChannel } from './progressChannel';
   * declare const channel: ProgressChannel;
   * channel.next({ percent: 40 });
   * ```
   */
  next(value: unknown): void {
    const listeners = this.#listeners;
    if (listeners === null) return;
    this.#latest = { value };
    for (const listener of [...listeners]) listener.next(value);
  }

  /**
   * End the channel: every listener completes, later ones complete at once. Idempotent.
   *
   * @example
   * ```ts
   * import type { ProgressChannel } from './progressChannel';
   * declare const channel: ProgressChannel;
   * channel.complete();
   * ```
   */
  complete(): void {
    const listeners = this.#listeners;
    if (listeners === null) return;
    this.#listeners = null;
    for (const listener of listeners) listener.complete();
  }

  /**
   * Listen: the latest value first (if any), then each new one; returns the disposer.
   *
   * @example
   * ```ts
   * import type { ProgressChannel } from './progressChannel';
   * declare const channel: ProgressChannel;
   * declare function show(value: unknown): void;
   * declare function hide(): void;
   * const stop = channel.listen({ next: show, complete: hide });
   * stop();
   * ```
   */
  listen(listener: ProgressListener): () => void {
    if (this.#latest !== null) listener.next(this.#latest.value);
    const listeners = this.#listeners;
    if (listeners === null) {
      listener.complete();
      return () => {};
    }
    listeners.add(listener);
    return () => listeners.delete(listener);
  }
}

const channels = new WeakMap<object, ProgressChannel>();

/**
 * Register `channel` as the progress of the job that `key` stands for (its Promise, its abort handle).
 *
 * @example
 * ```ts
 * import { type ProgressChannel, registerProgress } from './progressChannel';
 * declare const channel: ProgressChannel;
 * declare const promise: Promise<unknown>;
 * registerProgress(promise, channel);
 * ```
 */
export function registerProgress(key: object, channel: ProgressChannel): void {
  channels.set(key, channel);
}

/**
 * The progress channel registered for `key`, if any.
 *
 * @example
 * ```ts
 * import { type ProgressListener, progressOf } from './progressChannel';
 * declare const promise: Promise<unknown>;
 * declare const listener: ProgressListener;
 * progressOf(promise)?.listen(listener);
 * ```
 */
export function progressOf(key: object): ProgressChannel | undefined {
  return channels.get(key);
}
