/**
 * The wire format of cluster jobs. BullMQ stores a job's data and result as JSON in Redis; the values inside
 * travel in Node's `v8.serialize` format (the structured-clone algorithm, as the process pool's IPC uses),
 * base64-encoded in a JSON string. So arguments and results may be what structured clone accepts (primitives
 * but symbols, plain objects, arrays, `Map`, `Set`, `Date`, `RegExp`, `BigInt`, typed arrays, errors…), and the
 * same on every machine that runs the same Node major version.
 *
 * - job data: `{ v: 1, fn: FunctionPayload, args: base64(v8.serialize(args)) }`;
 * - job result: `base64(v8.serialize(Outcome))`, i.e. `[true, value]` or `[false, ThrownRecord]`;
 * - progress: the value given to `progress(value)`, as JSON (BullMQ's own progress field).
 *
 * @packageDocumentation
 */
import { deserialize, serialize } from 'node:v8';
import { describeValue } from '../core/render';
import { UncloneableArgumentError } from '../executor/errors';
import type { FunctionPayload, Job, Outcome } from '../executor/protocol';

/** The data of one cluster job, as stored by BullMQ. */
export interface ClusterJobData {
  /** The format version. */
  readonly v: 1;
  readonly fn: FunctionPayload;
  /** `base64(v8.serialize(args))`. */
  readonly args: string;
}

/**
 * `value` as base64 of `v8.serialize`.
 *
 * @example
 * ```ts
 * import { decodeValue, encodeValue } from './wire';
 * decodeValue(encodeValue(new Map([[1, 2]]))); // Map(1) { 1 => 2 }
 * ```
 */
export function encodeValue(value: unknown): string {
  return serialize(value).toString('base64');
}

/**
 * The value of {@link encodeValue}'s text.
 *
 * @example
 * ```ts
 * import { decodeValue, encodeValue } from './wire';
 * decodeValue(encodeValue([1, 'a'])); // [1, 'a']
 * ```
 */
export function decodeValue(text: string): unknown {
  return deserialize(Buffer.from(text, 'base64'));
}

/**
 * The job data for `fn(...args)`.
 *
 * @throws `UncloneableArgumentError` naming the first argument that `v8.serialize` refuses.
 * @example
 * ```ts
 * import { encodeJob } from './wire';
 * encodeJob('submit', { kind: 'source', source: '((a) => a)', name: 'id' }, [1]);
 * ```
 */
export function encodeJob(caller: string, fn: FunctionPayload, args: readonly unknown[]): ClusterJobData {
  let text: string;
  try {
    text = encodeValue(args);
  } catch (error) {
    for (let i = 0; i < args.length; i++) {
      try {
        serialize(args[i]);
      } catch (e) {
        const reason = e instanceof Error ? e.message : String(e);
        throw new UncloneableArgumentError(caller, i, describeValue(args[i]), reason);
      }
    }
    throw error;
  }
  return { v: 1, fn, args: text };
}

/**
 * The executor job (see `runJob`) of stored job data, with `extra` appended to its arguments.
 *
 * @example
 * ```ts
 * import type { JobContext } from './runWorker';
 * import { type ClusterJobData, decodeJob } from './wire';
 * declare const data: ClusterJobData;
 * declare const context: JobContext;
 * const job = decodeJob(data, context); // ['source', '((a) => a)', 'id', '', [1, context]]
 * ```
 */
export function decodeJob(data: ClusterJobData, extra: unknown): Job {
  const args = decodeValue(data.args) as unknown[];
  const fn = data.fn;
  return fn.kind === 'source'
    ? ['source', fn.source, fn.name, '', [...args, extra]]
    : ['module', fn.module, fn.name, fn.export, [...args, extra]];
}

/**
 * Whether `data` looks like a {@link ClusterJobData} (a job queued by this version).
 *
 * @example
 * ```ts
 * import { isClusterJobData } from './wire';
 * declare const job: { data: unknown };
 * if (!isClusterJobData(job.data)) throw new Error('not a qtasyncio job');
 * ```
 */
export function isClusterJobData(data: unknown): data is ClusterJobData {
  const d = data as Partial<ClusterJobData> | null;
  return (
    typeof d === 'object' && d !== null && d.v === 1 && typeof d.args === 'string' && typeof d.fn === 'object'
  );
}

/** An {@link Outcome} as a job's result text. */
export function encodeOutcome(outcome: Outcome): string {
  return encodeValue(outcome);
}

/** The {@link Outcome} of a job's result text. */
export function decodeOutcome(text: string): Outcome {
  return decodeValue(text) as Outcome;
}
