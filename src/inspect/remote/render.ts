/**
 * Text for `qtasyncio ps` (a table of tasks) and `qtasyncio pstree` (the awaited-by tree, like asyncio's
 * `pstree`: each task under the tasks that await it, with the frames of the await in between; an await cycle is
 * reported instead of drawn).
 *
 * @internal
 * @packageDocumentation
 */
import { relative } from 'node:path';
import { QtAsyncioError } from '../../core/errors';
import type { CallGraphFrame } from '../stackFrames';
import type { TaskRow, TaskTable } from '../taskTable';

const MAX_CELL = 48;

function cell(text: string): string {
  return text.length <= MAX_CELL ? text : `${text.slice(0, MAX_CELL - 1)}…`;
}

/** `load main.js:12`: a frame's function and where (relative to the current directory when inside it). */
export function frameLabel(frame: CallGraphFrame): string {
  if (frame.fileName === undefined) return frame.functionName;
  const file = frame.fileName.startsWith('/') ? relative(process.cwd(), frame.fileName) : frame.fileName;
  const shown = file.startsWith('..') ? frame.fileName : file;
  return `${frame.functionName} ${shown}:${frame.line}`;
}

function age(ms: number | null): string {
  if (ms === null) return '-';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The `ps` table. */
export function renderTaskTable(table: TaskTable): string {
  const header = ['task id', 'task name', 'state', 'age', 'awaiting', 'where', 'awaited by'];
  const rows = table.tasks.map((t) => [
    String(t.id),
    t.name,
    t.state,
    age(t.ageMs),
    t.awaiting.join(', '),
    t.stack[0] === undefined ? '' : frameLabel(t.stack[0]),
    t.awaitedBy.map((a) => (a.id === null ? a.name : `${a.name} (${a.id})`)).join(', '),
  ]);
  const cells = [header, ...rows].map((r) => r.map(cell));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] as string).length)));
  const line = (r: string[]): string =>
    r
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  const out = [
    line(cells[0] as string[]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.slice(1).map(line),
  ];
  out.push(
    `${table.tasks.length} pending task${table.tasks.length === 1 ? '' : 's'} in process ${table.pid}`,
  );
  if (!table.introspecting) {
    out.push('(ages and await sites are not recorded: start the app with QTASYNCIO_INSPECT=1 to see them)');
  }
  return out.join('\n');
}

/** The await cycles among tasks (each a list of ids, first id repeated at the end), found depth-first. */
export function findAwaitCycles(tasks: readonly TaskRow[]): number[][] {
  const awaits = new Map<number, number[]>(); // awaiter id → ids of the tasks it awaits
  for (const t of tasks) {
    for (const a of t.awaitedBy) if (a.id !== null) awaits.set(a.id, [...(awaits.get(a.id) ?? []), t.id]);
  }
  const state = new Map<number, 'open' | 'closed'>();
  const path: number[] = [];
  const cycles: number[][] = [];
  const visit = (id: number): void => {
    state.set(id, 'open');
    path.push(id);
    for (const next of awaits.get(id) ?? []) {
      const s = state.get(next);
      if (s === undefined) visit(next);
      else if (s === 'open') cycles.push([...path.slice(path.indexOf(next)), next]);
    }
    path.pop();
    state.set(id, 'closed');
  };
  for (const id of awaits.keys()) if (!state.has(id)) visit(id);
  return cycles;
}

interface Node {
  label: string;
  children: Node[];
  frames: Map<string, Node>;
}

function node(label: string): Node {
  return { label, children: [], frames: new Map() };
}

/** A child node for `frame` under `parent`, shared by the awaits that pass through the same frame. */
function frameNode(parent: Node, frame: string): Node {
  let n = parent.frames.get(frame);
  if (n === undefined) {
    n = node(frame);
    parent.frames.set(frame, n);
    parent.children.push(n);
  }
  return n;
}

function taskLabel(t: TaskRow): string {
  const waits = t.awaiting.length > 0 && t.stack.length === 0 ? ` — awaiting ${t.awaiting.join(', ')}` : '';
  return `(T) ${t.name} (${t.id})${waits}`;
}

/**
 * The `pstree` text: roots are the tasks nobody awaits; under a task, the frames where it waits (outermost
 * first), then the tasks it awaits there. Throws a {@link AwaitCycleError} when tasks await each other.
 */
export function renderTaskTree(table: TaskTable): string {
  const byId = new Map(table.tasks.map((t) => [t.id, t]));
  const cycles = findAwaitCycles(table.tasks);
  if (cycles.length > 0) {
    const names = cycles.map((c) => `cycle: ${c.map((id) => byId.get(id)?.name ?? String(id)).join(' → ')}`);
    throw new AwaitCycleError(`await-graph contains cycles - cannot print a tree!\n\n${names.join('\n')}`);
  }
  const nodes = new Map(table.tasks.map((t) => [t.id, node(taskLabel(t))]));
  const awaited = new Set<number>();
  for (const t of table.tasks) {
    for (const a of t.awaitedBy) {
      const parent = a.id === null ? undefined : byId.get(a.id);
      if (parent === undefined) continue;
      awaited.add(t.id);
      let at = nodes.get(parent.id) as Node;
      for (const f of [...parent.stack].reverse()) at = frameNode(at, frameLabel(f));
      at.children.push(nodes.get(t.id) as Node);
    }
  }
  // A task that awaits no task shows where it waits under itself.
  const awaiting = new Set(table.tasks.flatMap((t) => t.awaitedBy.map((a) => a.id)));
  for (const t of table.tasks) {
    if (awaiting.has(t.id)) continue;
    let at = nodes.get(t.id) as Node;
    for (const f of [...t.stack].reverse()) at = frameNode(at, frameLabel(f));
  }
  const lines: string[] = [];
  const draw = (n: Node, prefix: string, last: boolean): void => {
    lines.push(`${prefix}${last ? '└── ' : '├── '}${n.label}`);
    const inner = prefix + (last ? '    ' : '│   ');
    n.children.forEach((c, i) => {
      draw(c, inner, i === n.children.length - 1);
    });
  };
  for (const t of table.tasks) if (!awaited.has(t.id)) draw(nodes.get(t.id) as Node, '', true);
  return lines.join('\n');
}

/**
 * @internal `pstree` found tasks awaiting each other (asyncio's `CycleFoundException`): the tree cannot be drawn;
 * the message lists each cycle by task name.
 */
export class AwaitCycleError extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_AWAIT_CYCLE';
  override readonly name: string = 'AwaitCycleError';
}
