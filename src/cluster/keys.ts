/**
 * The Redis names that executors and workers of one queue agree on, beside BullMQ's own keys: the pub/sub
 * channel that carries cancellations to every worker, and the per-job marker that a worker checks before it
 * starts a job (so a cancellation that reached no worker still stops the job when one takes it).
 *
 * @packageDocumentation
 */

/** BullMQ's key prefix unless `prefix` is given. */
export const DEFAULT_PREFIX = 'bull';

/** How long a cancellation marker stays (ms): longer than any job waits in practice. */
export const CANCEL_MARKER_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * The pub/sub channel of cancellations of `queue` (messages: job ids).
 *
 * @example
 * ```ts
 * import { cancelChannel } from './keys';
 * cancelChannel('bull', 'renders'); // 'bull:renders:qtasyncio:cancel'
 * ```
 */
export function cancelChannel(prefix: string, queue: string): string {
  return `${prefix}:${queue}:qtasyncio:cancel`;
}

/**
 * The key that marks job `id` of `queue` as cancelled.
 *
 * @example
 * ```ts
 * import { cancelMarker } from './keys';
 * cancelMarker('bull', 'renders', 'a1b2-7'); // 'bull:renders:qtasyncio:cancelled:a1b2-7'
 * ```
 */
export function cancelMarker(prefix: string, queue: string, id: string): string {
  return `${prefix}:${queue}:qtasyncio:cancelled:${id}`;
}

/** The failure reason of a job failed because it was cancelled (BullMQ records it; the executor ignores it). */
export const CANCELLED_REASON = 'qtasyncio: cancelled by its executor';
