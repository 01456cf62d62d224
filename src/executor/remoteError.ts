/**
 * Rebuilding a worker's thrown value on the caller's side: the same `name`, `message`, `stack`, own properties,
 * `cause` and `AggregateError.errors`. A standard class (`TypeError`, `RangeError`…) is rebuilt as that class;
 * any other name is an `Error` whose `name` is the original one.
 *
 * @packageDocumentation
 */
import { CapturedVariableError, UncloneableResultError } from './errors';
import type { ThrownRecord } from './protocol';

const STANDARD: Record<string, new (message?: string) => Error> = {
  Error,
  TypeError,
  RangeError,
  ReferenceError,
  SyntaxError,
  EvalError,
  URIError,
};

function define(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, configurable: true, enumerable: false });
}

/**
 * The value a worker threw, rebuilt on this side.
 *
 * @example
 * ```ts
 * import { decodeThrown } from './remoteError';
 * const error = decodeThrown({ kind: 'error', name: 'HttpError', message: 'nope', stack: '…', props: { code: 404 } });
 * (error as Error).name; // 'HttpError'
 * ```
 */
export function decodeThrown(record: ThrownRecord): unknown {
  switch (record.kind) {
    case 'value':
      return record.value;
    case 'captured':
      return new CapturedVariableError(record.functionName, record.identifier, record.stack);
    case 'uncloneable-result':
      return new UncloneableResultError(
        `runInExecutor(fn): function ${record.functionName} returned a value that cannot be structured-cloned ` +
          `(${record.reason})`,
      );
    default:
      break;
  }
  let error: Error;
  if (record.name === 'AggregateError' || record.errors !== undefined) {
    error = new AggregateError((record.errors ?? []).map(decodeThrown), record.message);
    if (record.name !== 'AggregateError') define(error, 'name', record.name);
  } else {
    const Standard = STANDARD[record.name];
    error = Standard === undefined ? new Error(record.message) : new Standard(record.message);
    if (Standard === undefined) define(error, 'name', record.name);
  }
  define(error, 'stack', record.stack ?? `${record.name}: ${record.message}`);
  if (record.cause !== undefined) define(error, 'cause', decodeThrown(record.cause));
  Object.assign(error, record.props);
  return error;
}
