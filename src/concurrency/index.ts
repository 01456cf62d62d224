/**
 * Structured concurrency on the loop core: the combinators (`gather`, `wait`, `waitFor`, `timeout`,
 * `timeoutAt`, `shield`, `asCompleted`), `TaskGroup`, and their errors.
 *
 * @packageDocumentation
 */

// One module per concept, as in asyncio (tasks.py, timeouts.py, taskgroups.py); sorted by module name.
export { type AsCompletedIterator, type AsCompletedOptions, asCompleted, type Finished } from './asCompleted';
export type { Awaitable, AwaitedValue } from './awaitables';
export {
  ExceptionGroup,
  InvalidArgumentError,
  InvalidTimeoutError,
  NotAwaitableError,
  ScopeStateError,
} from './errors';
export {
  type GatheringFuture,
  type GatherOptions,
  type GatherResults,
  type GatherSettled,
  gather,
} from './gather';
export { shield } from './shield';
export { TaskGroup } from './taskGroup';
export { Timeout, type TimeoutBody, timeout, timeoutAt } from './timeouts';
export {
  ALL_COMPLETED,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  type ReturnWhen,
  type WaitOptions,
  wait,
} from './wait';
export { waitFor } from './waitFor';
