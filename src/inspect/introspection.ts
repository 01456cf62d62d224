/**
 * Introspection recording: when it is on, every Task records when it was made (its age in `ps` and the monitor)
 * and every `await` of a Future inside a Task records where it waits (the call stack of a call graph). Off by
 * default, and then it costs nothing: the recording `then` is installed on `Future.prototype` only while it is on.
 *
 * How the await site is found: `await future` reads `future.then` synchronously, inside the awaiting function,
 * before it suspends; V8's stack at that moment holds the function and its `at async` callers. So while
 * recording, `then` is an accessor that captures that stack (formatted only if a graph is drawn) and hands back
 * the ordinary method.
 *
 * @packageDocumentation
 */
import { currentContext } from '../core/context';
import { _getRunningLoop } from '../core/events';
import { checkBoolean } from '../core/validate';
import { taskHooks } from '../futures/awaitInfo';
import { Future, PENDING } from '../futures/future';
import type { Task } from '../futures/task';
import type { EventLoop } from '../loop/eventLoop';
import { InspectArgumentError } from './errors';
import { captureStack, type StackHolder } from './stackFrames';

/** What is recorded for a Task while introspection is on. */
interface TaskRecord {
  /** `loop.time()` when it was made. */
  readonly createdAt: number;
  /** Where it waits: the stack of its last `await` of a Future (the common case: one wait at a time)… */
  future: Future<unknown> | null;
  site: StackHolder | null;
  /** …and of the others still pending (`Promise.all` of Futures, concurrent branches of one task). */
  more: Map<Future<unknown>, StackHolder> | null;
}

const records = new WeakMap<object, TaskRecord>();
/** Loops whose tasks were made while recording (besides the running and the current loop). */
const loopsSeen = new Set<WeakRef<EventLoop>>();
const loopRefs = new WeakMap<EventLoop, WeakRef<EventLoop>>();

const thenDescriptor = Object.getOwnPropertyDescriptor(Future.prototype, 'then') as PropertyDescriptor;
const plainThen = thenDescriptor.value as Future<unknown>['then'];
let on = false;

function recordingThen(this: Future<unknown>): Future<unknown>['then'] {
  if (this._state === PENDING) {
    const task = currentContext();
    if (task !== null) recordSite(task, this);
  }
  return plainThen;
}

function recordSite(task: object, future: Future<unknown>): void {
  const record = records.get(task);
  if (record === undefined) return;
  const site = captureStack(recordingThen);
  const last = record.future;
  if (last !== null && last !== future && last._state === PENDING) {
    const more = record.more ?? new Map<Future<unknown>, StackHolder>();
    for (const f of more.keys()) if (f._state !== PENDING) more.delete(f);
    more.set(last, record.site as StackHolder);
    record.more = more;
  }
  record.future = future;
  record.site = site;
}

function onTaskCreated(task: Future<unknown>): void {
  const loop = task._loop;
  records.set(task, { createdAt: loop.time(), future: null, site: null, more: null });
  if (!loopRefs.has(loop)) {
    const ref = new WeakRef(loop);
    loopRefs.set(loop, ref);
    loopsSeen.add(ref);
  }
}

/**
 * Turn introspection recording on or off (also on from the start with the environment variable
 * `QTASYNCIO_INSPECT=1`). While on, tasks record their age and where they `await` — what
 * {@link captureCallGraph}, {@link formatCallGraph} and `npx qtasyncio ps|where PID` show as call stacks. Costs a
 * stack capture per `await` of a pending Future inside a task (see the README's benchmark table); off, nothing.
 *
 * @example
 * ```ts
 * import { printCallGraph, setIntrospection, sleep } from 'qtasyncio';
 * setIntrospection(true);
 * const t = loop.createTask(async () => { await sleep(1000); });
 * await sleep(10);
 * printCallGraph(t); // with the file and line of `await sleep(1000)`
 * ```
 */
export function setIntrospection(enabled: boolean): void {
  checkBoolean('setIntrospection', 'enabled', enabled, InspectArgumentError);
  if (enabled === on) return;
  on = enabled;
  taskHooks.created = enabled ? onTaskCreated : null;
  Object.defineProperty(
    Future.prototype,
    'then',
    enabled ? { get: recordingThen, configurable: true, enumerable: false } : thenDescriptor,
  );
}

/**
 * Whether introspection recording is on (see {@link setIntrospection}).
 *
 * @example
 * ```ts
 * import { isIntrospecting } from 'qtasyncio';
 * if (!isIntrospecting()) console.log('call stacks are not recorded; set QTASYNCIO_INSPECT=1');
 * ```
 */
export function isIntrospecting(): boolean {
  return on;
}

/** @internal `loop.time()` when `task` was made, if it was made while recording. */
export function _taskCreatedAt(task: Task<unknown>): number | undefined {
  return records.get(task)?.createdAt;
}

/** @internal The recorded stack of `task`'s `await` of `future`, if any. */
export function _awaitSite(task: Task<unknown>, future: Future<unknown>): StackHolder | undefined {
  const record = records.get(task);
  if (record === undefined) return undefined;
  return record.future === future ? (record.site ?? undefined) : record.more?.get(future);
}

/** @internal The loops whose tasks introspection can list: the running one, the current one, those seen. */
export function _knownLoops(current: EventLoop | null): EventLoop[] {
  const loops = new Set<EventLoop>();
  const running = _getRunningLoop();
  if (running !== null) loops.add(running);
  if (current !== null) loops.add(current);
  for (const ref of loopsSeen) {
    const loop = ref.deref();
    if (loop === undefined || loop.isClosed()) loopsSeen.delete(ref);
    else loops.add(loop);
  }
  return [...loops];
}

if (process.env.QTASYNCIO_INSPECT === '1') setIntrospection(true);
