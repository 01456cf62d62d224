/**
 * The self-contained-function rule. JavaScript closures cannot cross threads or processes, so an executor
 * sends a function as its **source text** and the worker evaluates it again at its own top level:
 *
 * - the function may use its parameters, its own locals, the worker's globals (`Buffer`, `process`,
 *   `setTimeout`, `structuredClone`…), `require(id)` (resolved from the process's working directory) and
 *   `await import(id)`;
 * - it must not use variables of the scope it was written in (captured variables), nor `this`/`super`: pass
 *   such values as arguments. A captured variable that the function reads is reported as a
 *   {@link CapturedVariableError} naming the function and the variable (it would otherwise be a plain
 *   `ReferenceError`). One case stays silent: `typeof captured` is `'undefined'` in the worker, as for any
 *   unknown name, because the worker only learns of the variable when reading it throws;
 * - native and bound functions and classes have no usable source ({@link FunctionSourceError});
 * - the source is what the *running* code says: a transpiler that rewrites syntax into helper calls (CommonJS
 *   output turns `import()` into `_interop_require_wildcard(require())`, old targets turn `async` into
 *   `__awaiter`) makes those helpers captured variables too, and the error names them.
 *
 * For code that needs its module (its imports, its helpers), send a reference instead:
 * `{ module: require.resolve('./work'), export: 'hash' }` — the module path is resolved by the caller (an
 * absolute path, a `file:` URL or a package name) and loaded by the worker.
 *
 * @packageDocumentation
 */
import { describeValue } from '../core/render';
import { ExecutorArgumentError, FunctionSourceError } from './errors';
import type { FunctionPayload } from './protocol';

/** A reference to an exported function of a module, loaded by the worker. */
export interface ModuleFunctionRef {
  /** An absolute path, a `file:` URL or a package name (resolved by the caller: not relative). */
  readonly module: string;
  /** The export's name (`default` for a default export). */
  readonly export: string;
}

/** What an executor runs: a self-contained function, or a {@link ModuleFunctionRef}. */
export type ExecutorFunction<A extends unknown[] = unknown[], R = unknown> =
  | ((...args: A) => R)
  | ModuleFunctionRef;

const payloads = new WeakMap<object, FunctionPayload>();

function isModuleRef(fn: unknown): fn is ModuleFunctionRef {
  return (
    typeof fn === 'object' &&
    fn !== null &&
    typeof (fn as ModuleFunctionRef).module === 'string' &&
    typeof (fn as ModuleFunctionRef).export === 'string'
  );
}

/** The source as an expression: functions and arrows as they are, methods (`name(a) {…}`) inside an object. */
function asExpression(source: string, caller: string, label: string): string {
  if (/^class\b/.test(source)) {
    throw new FunctionSourceError(`${caller}(fn): ${label} is a class; send a function`);
  }
  if (/\{\s*\[native code\]\s*\}\s*$/.test(source)) {
    throw new FunctionSourceError(
      `${caller}(fn): ${label} is a native or bound function and has no source to send; wrap it in a ` +
        'self-contained function or send a {module, export} reference',
    );
  }
  const candidates = [`(${source})`, `(Object.values({ ${source} })[0])`];
  for (const expression of candidates) {
    try {
      new Function(`return ${expression};`);
      return expression;
    } catch {
      // not this shape: try the next
    }
  }
  throw new FunctionSourceError(`${caller}(fn): the source of ${label} does not compile on its own`);
}

/**
 * @internal The name that messages give the job running `fn` (also sent with it): the function's name (or
 * `(anonymous)`), or `export (module)` for a module reference.
 *
 * @example
 * ```ts
 * import { jobName } from './serializeFunction';
 * jobName({ module: '/srv/work.js', export: 'hash' }); // 'hash (/srv/work.js)'
 * ```
 */
export function jobName(fn: unknown): string {
  if (typeof fn === 'function') return fn.name || '(anonymous)';
  if (isModuleRef(fn)) return `${fn.export} (${fn.module})`;
  return describeValue(fn);
}

/**
 * What is sent for `fn`: its source (checked once per function and cached) or a module reference.
 *
 * @throws {@link FunctionSourceError} for a native or bound function, a class, or a source that does not compile.
 * @throws {@link ExecutorArgumentError} when `fn` is neither a function nor a `{module, export}` reference, or
 * the module path is relative.
 * @example
 * ```ts
 * import { serializeFunction } from './serializeFunction';
 * serializeFunction((a: number, b: number) => a + b, 'submit');
 * // { kind: 'source', source: '((a, b) => a + b)', name: '(anonymous)' }
 * ```
 */
export function serializeFunction(fn: unknown, caller: string): FunctionPayload {
  if (typeof fn === 'function') {
    const cached = payloads.get(fn);
    if (cached !== undefined) return cached;
    const name = jobName(fn);
    const label = fn.name ? `function ${fn.name}` : 'the anonymous function';
    const payload: FunctionPayload = {
      kind: 'source',
      source: asExpression(Function.prototype.toString.call(fn), caller, label),
      name,
    };
    payloads.set(fn, payload);
    return payload;
  }
  if (isModuleRef(fn)) {
    if (fn.module.startsWith('.')) {
      throw new ExecutorArgumentError(
        `${caller}(fn.module): expected an absolute path, a file: URL or a package name, got ` +
          `${describeValue(fn.module)} (resolve it first, e.g. with require.resolve())`,
      );
    }
    return { kind: 'module', module: fn.module, export: fn.export, name: jobName(fn) };
  }
  throw new ExecutorArgumentError(
    `${caller}(fn): expected a self-contained function or a {module, export} reference, got ${describeValue(fn)}`,
  );
}
