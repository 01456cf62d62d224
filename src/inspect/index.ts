/**
 * Seeing inside a running app: call graphs, the task table and introspection recording (re-exported by
 * `qtasyncio`, which loads this part on the first use of one of its exports).
 *
 * @packageDocumentation
 */

export { type CallGraphOptions, captureCallGraph, type FutureCallGraph } from './callGraph';
export { InspectArgumentError, ProcessInspectError } from './errors';
export { formatCallGraph, type PrintCallGraphOptions, printCallGraph } from './formatCallGraph';
export { isIntrospecting, setIntrospection } from './introspection';
export type { CallGraphFrame } from './stackFrames';
export { type TaskRow, type TaskTable, taskTable } from './taskTable';
