/**
 * The worker side of a job (threads and processes alike): turn the payload back into a function (compile its
 * source once per worker, or load the module export), call it with the arguments, and encode the outcome.
 *
 * A function sent as source is evaluated at the worker's top level with one extra binding, `require` (resolving
 * from the process's working directory). Every other free identifier must be a global of the worker: an
 * unknown one throws a `ReferenceError` in the function's own frame, which is reported as a captured variable.
 *
 * Loaded inside workers: it imports only Node built-ins, the wire format and `isThenable` (which imports nothing).
 *
 * @packageDocumentation
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { isThenable } from '../core/thenable';
import { encodeThrown, type Job, type Outcome, type ThrownRecord } from './protocol';

type AnyFunction = (...args: unknown[]) => unknown;

const CACHE_LIMIT = 256;
const compiled = new Map<string, AnyFunction>();
const SOURCE_URL_PREFIX = 'qtasyncio-executor/';
const NOT_DEFINED = /^(.+) is not defined$/;

/** `vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER` (Node ≥ 20.12): `import()` inside sent functions. */
const DEFAULT_LOADER = (vm as unknown as { constants?: { USE_MAIN_CONTEXT_DEFAULT_LOADER?: symbol } })
  .constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER as vm.ScriptOptions['importModuleDynamically'] | undefined;

let requireFromCwd: NodeJS.Require | null = null;

function sourceUrl(name: string): string {
  return `${SOURCE_URL_PREFIX}${name.replace(/[^\w$.-]/g, '_')}.js`;
}

function compile(source: string, name: string): AnyFunction {
  let fn = compiled.get(source);
  if (fn !== undefined) return fn;
  requireFromCwd ??= createRequire(join(process.cwd(), '[executor]'));
  // The worker's global scope (no access to this module's locals); `import()` uses the default loader.
  const factory = vm.runInThisContext(`(function (require) { 'use strict'; return (${source}); })`, {
    filename: sourceUrl(name),
    ...(DEFAULT_LOADER === undefined ? {} : { importModuleDynamically: DEFAULT_LOADER }),
  }) as (req: NodeJS.Require) => AnyFunction;
  fn = factory(requireFromCwd);
  if (compiled.size >= CACHE_LIMIT) compiled.delete(compiled.keys().next().value as string);
  compiled.set(source, fn);
  return fn;
}

async function loadExport(module: string, name: string): Promise<AnyFunction> {
  const specifier = module.startsWith('/') ? pathToFileURL(module).href : module;
  const mod = (await import(specifier)) as Record<string, unknown>;
  let fn = mod[name];
  if (typeof fn !== 'function' && typeof mod.default === 'object' && mod.default !== null) {
    fn = (mod.default as Record<string, unknown>)[name];
  }
  if (typeof fn !== 'function') {
    throw new TypeError(
      `runInExecutor(fn): module ${module} has no exported function "${name}" (got ${typeof fn})`,
    );
  }
  return fn as AnyFunction;
}

/** A ReferenceError thrown by the sent function's own code: the name it could not find. */
function capturedIdentifier(error: unknown, job: Job): string | undefined {
  if (job[0] !== 'source' || !(error instanceof ReferenceError)) return undefined;
  const match = NOT_DEFINED.exec(error.message);
  const frame = error.stack?.split('\n')[1] ?? '';
  return match !== null && frame.includes(SOURCE_URL_PREFIX) ? match[1] : undefined;
}

function isPlainData(value: unknown): boolean {
  return (
    value === null ||
    (typeof value !== 'object' && typeof value !== 'function' && typeof value !== 'symbol') ||
    ArrayBuffer.isView(value) ||
    value instanceof ArrayBuffer
  );
}

function failed(error: unknown, job: Job): Outcome {
  const identifier = capturedIdentifier(error, job);
  if (identifier === undefined) return [false, encodeThrown(error)];
  return [false, { kind: 'captured', functionName: job[2], identifier, stack: (error as Error).stack }];
}

function succeeded(value: unknown, job: Job, checkResult: boolean): Outcome {
  if (checkResult && !isPlainData(value)) {
    try {
      structuredClone(value);
    } catch (error) {
      return [false, uncloneableResult(job, error)];
    }
  }
  return [true, value];
}

/**
 * Run one job and encode its outcome (synchronously when the function is synchronous and already compiled).
 * With `checkResult`, a result that cannot be structured-cloned becomes an error outcome instead of failing the
 * worker's reply.
 *
 * @example
 * ```ts
 * import { runJob } from './runJob';
 * const [ok, value] = await runJob(['source', '((a, b) => a + b)', 'add', '', [1, 2]], true);
 * ```
 */
export function runJob(job: Job, checkResult: boolean): Outcome | Promise<Outcome> {
  let value: unknown;
  try {
    if (job[0] === 'module') {
      return loadExport(job[1], job[3]).then(
        (fn) => settle(fn, job, checkResult),
        (error: unknown) => failed(error, job),
      );
    }
    value = compile(job[1], job[2])(...job[4]);
  } catch (error) {
    return failed(error, job);
  }
  if (!isThenable(value)) return succeeded(value, job, checkResult);
  return Promise.resolve(value).then(
    (v) => succeeded(v, job, checkResult),
    (error: unknown) => failed(error, job),
  );
}

async function settle(fn: AnyFunction, job: Job, checkResult: boolean): Promise<Outcome> {
  try {
    return succeeded(await fn(...job[4]), job, checkResult);
  } catch (error) {
    return failed(error, job);
  }
}

/**
 * The outcome reported for a result that could not be cloned.
 *
 * @example
 * ```ts
 * import type { Job } from './protocol';
 * import { uncloneableResult } from './runJob';
 * declare const error: Error;
 * declare const job: Job;
 * process.send?.([false, uncloneableResult(job, error)]);
 * ```
 */
export function uncloneableResult(job: Job, error: unknown): ThrownRecord {
  return {
    kind: 'uncloneable-result',
    functionName: job[2],
    reason: error instanceof Error ? error.message : String(error),
  };
}
