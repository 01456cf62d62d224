/**
 * `formatCallGraph` / `printCallGraph` (asyncio 3.14's `format_call_graph`, `print_call_graph`): a call graph as
 * text, the Task or Future first, then its call stack, what it waits on, and who awaits it, indented level by
 * level.
 *
 * @packageDocumentation
 */
import { describeValue } from '../core/render';
import { checkOptionKeys } from '../core/validate';
import type { Future } from '../futures/future';
import { Task } from '../futures/task';
import { _captureCallGraph, type CallGraphOptions, type FutureCallGraph } from './callGraph';
import { InspectArgumentError } from './errors';
import type { CallGraphFrame } from './stackFrames';
import { _inspectId } from './taskIds';

/** Options of {@link printCallGraph}: those of {@link formatCallGraph} and where to write. */
export interface PrintCallGraphOptions extends CallGraphOptions {
  /** Where the text goes (default `process.stdout`). */
  out?: {
    /** Write `text` (printCallGraph calls it once, with the whole graph). */
    write(text: string): unknown;
  };
}

/** @internal `* Task(name="fetch", id=3)` / `* Future(id=4)`. */
export function graphTitle(future: Future<unknown>): string {
  if (future instanceof Task)
    return `Task(name=${JSON.stringify(future.getName())}, id=${_inspectId(future)})`;
  return `Future(id=${_inspectId(future)})`;
}

/** @internal One frame as a call-stack line: `File "/app/main.js", line 12, in async load()`. */
export function frameLine(frame: CallGraphFrame): string {
  const kind = frame.async ? 'async ' : '';
  if (frame.fileName === undefined) return `in ${kind}${frame.functionName}()`;
  return `File ${JSON.stringify(frame.fileName)}, line ${frame.line}, in ${kind}${frame.functionName}()`;
}

function render(graph: FutureCallGraph, level: number, lines: string[]): void {
  const indent = '    '.repeat(level);
  const add = (line: string): void => {
    lines.push(indent + line);
  };
  add(`* ${graphTitle(graph.future)}${graph.cycle ? ' (await cycle: awaits itself further down)' : ''}`);
  if (graph.callStack.length > 0) {
    add('+ Call stack:');
    for (const frame of graph.callStack) add(`|   ${frameLine(frame)}`);
  }
  if (graph.awaiting.length > 0) add(`+ Awaiting: ${graph.awaiting.join(', ')}`);
  if (graph.awaitedBy.length > 0 || graph.otherAwaiters.length > 0) {
    add('+ Awaited by:');
    for (const parent of graph.awaitedBy) render(parent, level + 1, lines);
    for (const other of graph.otherAwaiters) lines.push(`${indent}    * ${other}`);
  }
}

/** @internal A captured graph as text. */
export function renderCallGraph(graph: FutureCallGraph): string {
  const lines: string[] = [];
  render(graph, 0, lines);
  return lines.join('\n');
}

/**
 * The call graph of `future` (or of the running task) as text, like asyncio's `format_call_graph`; `''` when
 * there is no running task and no `future`. See {@link captureCallGraph} for what it holds. asyncio:
 * `format_call_graph`.
 *
 * @throws {@link NoRunningLoopError} without `future` when no loop runs; {@link InspectArgumentError}.
 * @example
 * ```ts
 * import { formatCallGraph, type Task } from 'qtasyncio';
 * declare const task: Task<void>;
 * console.log(formatCallGraph(task));
 * // * Task(name="save", id=2)
 * // + Call stack:
 * // |   File "/app/main.js", line 14, in async save()
 * // + Awaiting: signal clicked of QPushButton#confirm
 * // + Awaited by:
 * //     * Task(name="main", id=1)
 * ```
 */
export function formatCallGraph(future?: Future<unknown> | null, options: CallGraphOptions = {}): string {
  const graph = _captureCallGraph('formatCallGraph', formatCallGraph, future, options);
  return graph === null ? '' : renderCallGraph(graph);
}

/**
 * Print the call graph of `future` (or of the running task) to `options.out` (default `process.stdout`), like
 * asyncio's `print_call_graph`; prints nothing when there is no running task and no `future`. asyncio:
 * `print_call_graph` (its `file` is `options.out`).
 *
 * @throws {@link NoRunningLoopError} without `future` when no loop runs; {@link InspectArgumentError}.
 * @example
 * ```ts
 * import { printCallGraph } from 'qtasyncio';
 * loop.createTask(async () => {
 *   printCallGraph(); // this task's live stack and who awaits it
 * });
 * ```
 */
export function printCallGraph(future?: Future<unknown> | null, options: PrintCallGraphOptions = {}): void {
  checkOptionKeys('printCallGraph', options, ['depth', 'limit', 'out'], InspectArgumentError);
  const { out = process.stdout, ...rest } = options;
  if (typeof (out as { write?: unknown }).write !== 'function') {
    throw new InspectArgumentError(
      `printCallGraph(options.out): expected an object with a write() method, got ${describeValue(out)}`,
    );
  }
  const graph = _captureCallGraph('printCallGraph', printCallGraph, future, rest);
  if (graph !== null) out.write(`${renderCallGraph(graph)}\n`);
}
