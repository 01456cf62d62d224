/**
 * The wire format between an executor and its workers (threads or processes): the job, the outcome, and how a
 * thrown value travels. Structured clone keeps only the standard error classes and drops own properties, so
 * errors travel as plain records and are rebuilt on the caller's side (see `remoteError.ts`).
 *
 * This module is loaded inside workers: it imports nothing.
 *
 * @packageDocumentation
 */

/** A function sent by its source text (see `serializeFunction`). */
export interface SourcePayload {
  readonly kind: 'source';
  /** An expression that evaluates to the function. */
  readonly source: string;
  /** Its name, for messages and stack frames. */
  readonly name: string;
}

/** A function sent by reference: an export of a module that the worker loads. */
export interface ModulePayload {
  readonly kind: 'module';
  /** An absolute path, a `file:` URL or a package name. */
  readonly module: string;
  readonly export: string;
  readonly name: string;
}

/** What a worker runs. */
export type FunctionPayload = SourcePayload | ModulePayload;

/**
 * One job as it travels: a flat array (cheaper to clone than nested objects) of the function's kind, its source
 * or module, its name, its export (`''` for a source) and its (structured-cloned) arguments.
 */
export type Job = readonly [
  kind: FunctionPayload['kind'],
  target: string,
  name: string,
  exportName: string,
  args: readonly unknown[],
];

/**
 * The job that runs `fn(...args)`.
 *
 * @example
 * ```ts
 * import { toJob } from './protocol';
 * toJob({ kind: 'source', source: '((a, b) => a + b)', name: 'add' }, [1, 2]);
 * // ['source', '((a, b) => a + b)', 'add', '', [1, 2]]
 * ```
 */
export function toJob(fn: FunctionPayload, args: readonly unknown[]): Job {
  return fn.kind === 'source'
    ? ['source', fn.source, fn.name, '', args]
    : ['module', fn.module, fn.name, fn.export, args];
}

/** The key under which a thread worker throws a job's encoded error (piscina clones it as the rejection). */
export const THROWN_KEY = 'qtasyncio.thrown';

/** A thrown value, as it travels. */
export type ThrownRecord =
  | {
      readonly kind: 'error';
      readonly name: string;
      readonly message: string;
      readonly stack: string | undefined;
      /** Own enumerable properties that could be cloned (`code`, `errno`…). */
      readonly props: Record<string, unknown>;
      readonly cause?: ThrownRecord;
      /** `AggregateError.errors`. */
      readonly errors?: ThrownRecord[];
    }
  | { readonly kind: 'value'; readonly value: unknown }
  | {
      readonly kind: 'captured';
      readonly functionName: string;
      readonly identifier: string;
      readonly stack: string | undefined;
    }
  | { readonly kind: 'uncloneable-result'; readonly functionName: string; readonly reason: string };

/** An error a worker raised outside its jobs (see `workerStray.ts`), sent to its pool as a message. */
export type StrayError = {
  readonly kind: 'qtasyncio.stray';
  /** The names of the jobs the worker started most recently, newest first. */
  readonly recentJobs: readonly string[];
} & (
  | {
      /** An uncaught exception, or a rejection nobody handled. */
      readonly origin: 'uncaughtException' | 'unhandledRejection';
      readonly thrown: ThrownRecord;
    }
  | {
      /** `process.exit()` while no job ran. */
      readonly origin: 'exit';
      readonly exitCode: number;
    }
);

/**
 * Whether a message from a worker is a {@link StrayError}.
 *
 * @example
 * ```ts
 * import type { Piscina } from 'piscina';
 * import { isStrayError, type StrayError } from './protocol';
 * declare const pool: Piscina;
 * declare function report(stray: StrayError): void;
 * pool.on('message', (m: unknown) => isStrayError(m) && report(m));
 * ```
 */
export function isStrayError(message: unknown): message is StrayError {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { kind?: unknown }).kind === 'qtasyncio.stray'
  );
}

/** How a job ended: `[true, result]` or `[false, thrown]`. */
export type Outcome = readonly [true, unknown] | readonly [false, ThrownRecord];

function cloneable(value: unknown): boolean {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
    return typeof value !== 'symbol';
  }
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

/** Encode a thrown value (depth-limited for `cause` chains). */
export function encodeThrown(thrown: unknown, depth = 0): ThrownRecord {
  if (!(thrown instanceof Error) || depth > 8) {
    if (cloneable(thrown)) return { kind: 'value', value: thrown };
    return {
      kind: 'error',
      name: 'Error',
      message: `a value that cannot be structured-cloned was thrown: ${String(thrown)}`,
      stack: undefined,
      props: {},
    };
  }
  const props: Record<string, unknown> = {};
  for (const key of Object.keys(thrown)) {
    if (key === 'name' || key === 'message' || key === 'stack' || key === 'cause' || key === 'errors')
      continue;
    const value = (thrown as unknown as Record<string, unknown>)[key];
    if (cloneable(value)) props[key] = value;
  }
  const record: {
    kind: 'error';
    name: string;
    message: string;
    stack: string | undefined;
    props: Record<string, unknown>;
    cause?: ThrownRecord;
    errors?: ThrownRecord[];
  } = {
    kind: 'error',
    name: String(thrown.name),
    message: String(thrown.message),
    stack: typeof thrown.stack === 'string' ? thrown.stack : undefined,
    props,
  };
  if ('cause' in thrown) record.cause = encodeThrown(thrown.cause, depth + 1);
  if (thrown instanceof AggregateError && Array.isArray(thrown.errors)) {
    record.errors = thrown.errors.map((e: unknown) => encodeThrown(e, depth + 1));
  }
  return record;
}
