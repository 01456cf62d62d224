/**
 * The errors of introspection (call graphs, `qtasyncio ps|pstree|where|cancel PID`): each an exported class with
 * a stable `name`, each message naming the function, the argument and the value received, or the process.
 *
 * @packageDocumentation
 */
import { LoopArgumentError, QtAsyncioError } from '../core/errors';

/**
 * A bad argument or option of a call-graph or introspection function.
 *
 * @example
 * ```ts
 * import { captureCallGraph } from 'qtasyncio';
 * captureCallGraph(42 as never); // throws InspectArgumentError: captureCallGraph(future): expected a Future or Task, got 42
 * ```
 */
export class InspectArgumentError extends LoopArgumentError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_INSPECT_ARGUMENT';
  override readonly name: string = 'InspectArgumentError';
}

/**
 * Inspecting another process failed (`npx qtasyncio ps|pstree|where|cancel PID`): it does not exist, is not a
 * Node.js process, runs no qtasyncio, may not be signalled by this user, its inspector could not open its port,
 * or it has no such task. `reason` says which: `ENOPROCESS`, `ENOTNODE`, `ENOQTASYNCIO`, `EPERM`, `EPORTBUSY`,
 * `ENOTASK`, `ETIMEOUT`, `EPROTOCOL`, `EUSAGE`.
 *
 * @example
 * ```ts
 * import { ProcessInspectError } from 'qtasyncio';
 * const e = new ProcessInspectError('ENOPROCESS', 'no process with id 4242');
 * console.error(`${e.message} [${e.reason}]`);
 * ```
 */
export class ProcessInspectError extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_PROCESS_INSPECT';
  override readonly name: string = 'ProcessInspectError';
  /**
   * @param reason - which failure (see the class description).
   * @param message - what happened, naming the process.
   */
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}
