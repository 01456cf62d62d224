// The declarations use Node's types (Buffer, AbortSignal, NodeJS.*): a program that imports this entry point gets
// them even when its tsconfig lists no `types` (`tsc --init`'s default). @types/node is a peer dependency.
/// <reference types="node" preserve="true" />
/**
 * `qtasyncio/rx`: Qt signals, RxJS streams and asyncio-style Tasks as one model.
 *
 * Nothing here loads NodeGui by itself: the signal functions use the NodeGui objects you pass them (load
 * `qtasyncio/qt` first), so the scheduler and the task operators also work headless and in a `VirtualTimeLoop`.
 *
 * @packageDocumentation
 */

// Scheduling on the loop
// Slots, bindings and dialogs
export { type AsyncSlotOptions, asyncSlot, type SlotDisposer, type SlotPolicy } from './asyncSlot';
export { type Bindings, type BindOptions, bind, bindTo, type SetterName, type SetterValue } from './bind';
export { asyncClose, type DialogOptions, execDialog } from './dialogs';
// Errors
export {
  ObjectDestroyedError,
  RxArgumentError,
  RxRangeError,
  SignalOverflowError,
  UnknownSignalError,
} from './errors';

// Qt signals and events as streams, futures and async iterables
export { type FromQEventOptions, fromQEvent } from './fromQEvent';
export { fromSignal } from './fromSignal';
// Tasks ↔ Observables
export { type FromTaskOptions, fromTask } from './fromTask';
export { listenerCount } from './listeners';
export { loopScheduler } from './loopScheduler';
export { type NextSignalOptions, nextSignal } from './nextSignal';
// Lifetime of Qt objects
export { isDestroyed, onDestroyed, untilDestroyed } from './objectLifetime';
// Errors nobody handles in a stream
export { type StreamErrorPolicy, setStreamErrorPolicy } from './reportingObservable';
export { type OverflowPolicy, type SignalIteratorOptions, signalIterator } from './signalIterator';
export type { SignalMapRegistry } from './signalMaps';
export { registerSignals } from './signalNames';
export type {
  NativeQEvent,
  PayloadOf,
  QEventName,
  SignalEmitter,
  SignalName,
  SignalPayload,
  SignalsOf,
} from './signalTypes';
export { type SignalSubscription, signalSubscriptions } from './subscriptions';
export { switchMapTask } from './switchMapTask';
export {
  concatMapTask,
  exhaustMapTask,
  mergeMapTask,
  type TaskOperatorOptions,
  type TaskProject,
} from './taskOperators';
export { type ToTaskOptions, toTask } from './toTask';
