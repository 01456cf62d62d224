/**
 * The cancellation handle of one job: a minimal abort signal in piscina's emitter shape (`once`/`off` or
 * `removeListener`, `aborted`, `reason`). `runInExecutor` uses it rather than an `AbortController` because an `AbortSignal`
 * listener costs microseconds per job (Node's EventTarget), a measurable part of a worker round trip.
 *
 * @packageDocumentation
 */

type Listener = () => void;

/**
 * Aborts one job: a queued job is removed, a running job's worker is terminated.
 *
 * @example
 * ```ts
 * import { CancelledError } from 'qtasyncio';
 * import { JobAbort } from './jobAbort';
 * const abort = new JobAbort();
 * abort.once('abort', () => console.log('aborted:', abort.reason));
 * abort.abort(new CancelledError());
 * ```
 */
export class JobAbort {
  /** Whether {@link JobAbort.abort} was called. */
  aborted = false;
  /** What it was aborted with. */
  reason: unknown = undefined;
  #listeners: Listener[] | null = null;

  /**
   * Call `listener` once, when aborted (not if already aborted: check {@link JobAbort.aborted}).
   *
   * @example
   * ```ts
   * import { JobAbort } from './jobAbort';
   * declare const abort: JobAbort;
   * declare function onAbort(): void;
   * abort.once('abort', onAbort);
   * ```
   */
  once(_event: 'abort', listener: Listener): void {
    if (this.#listeners === null) this.#listeners = [listener];
    else this.#listeners.push(listener);
  }

  /**
   * Forget `listener`.
   *
   * @example
   * ```ts
   * import { JobAbort } from './jobAbort';
   * declare const abort: JobAbort;
   * declare function onAbort(): void;
   * abort.off('abort', onAbort);
   * ```
   */
  off(_event: 'abort', listener: Listener): void {
    const list = this.#listeners;
    if (list === null) return;
    const i = list.indexOf(listener);
    if (i >= 0) list.splice(i, 1);
  }

  /**
   * Forget `listener` (the EventEmitter spelling, which piscina's implementation calls).
   *
   * @example
   * ```ts
   * import { JobAbort } from './jobAbort';
   * declare const abort: JobAbort;
   * declare function onAbort(): void;
   * abort.removeListener('abort', onAbort);
   * ```
   */
  removeListener(event: 'abort', listener: Listener): void {
    this.off(event, listener);
  }

  /**
   * Abort with `reason` (idempotent) and call the listeners.
   *
   * @example
   * ```ts
   * import { CancelledError } from 'qtasyncio';
   * import { JobAbort } from './jobAbort';
   * declare const abort: JobAbort;
   * abort.abort(new CancelledError('no longer needed'));
   * ```
   */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const list = this.#listeners;
    this.#listeners = null;
    if (list !== null) for (const listener of list) listener();
  }

  /**
   * A JobAbort that follows `signal` (for jobs submitted with an `AbortSignal`), and its disposer.
   *
   * @example
   * ```ts
   * import { JobAbort } from './jobAbort';
   * declare const controller: AbortController;
   * const [abort, unlink] = JobAbort.follow(controller.signal);
   * ```
   */
  static follow(signal: AbortSignal): [JobAbort, () => void] {
    const abort = new JobAbort();
    const onAbort = (): void => abort.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    return [abort, () => signal.removeEventListener('abort', onAbort)];
  }
}
