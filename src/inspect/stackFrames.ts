/**
 * Stack frames for call graphs: V8's stack trace text (with its `at async fn` frames) parsed into entries, the
 * loop's own machinery left out.
 *
 * @packageDocumentation
 */
import { dirname, sep } from 'node:path';

/**
 * One frame of a call graph's call stack (asyncio's `FrameCallGraphEntry`): where a function of the await chain
 * is suspended (or runs, for the current task).
 *
 * @example
 * ```ts
 * import type { CallGraphFrame } from 'qtasyncio';
 * const frame: CallGraphFrame = { functionName: 'load', fileName: '/app/main.js', line: 12, column: 5, async: true };
 * ```
 */
export interface CallGraphFrame {
  /** The function's name (`<anonymous>` when it has none), with its class when V8 knows it (`Dialog.open`). */
  readonly functionName: string;
  /** Its file (a path or URL), or `undefined` for a built-in (`Promise.all`). */
  readonly fileName: string | undefined;
  /** 1-based line, or 0 when unknown. */
  readonly line: number;
  /** 1-based column, or 0 when unknown. */
  readonly column: number;
  /** Whether the function is an async function suspended at an `await` (V8's `at async` frames). */
  readonly async: boolean;
}

/** The directory of the package's compiled (or source) modules: `dist/` or `src/`. */
const PACKAGE_ROOT = dirname(__dirname);
/** Frames in these directories are the loop's machinery (stepping tasks, dispatching reactions), not awaits. */
const MACHINERY = ['futures', 'loop', 'inspect', 'core'].map((d) => `${PACKAGE_ROOT}${sep}${d}${sep}`);

/** Frames to keep per captured stack: enough for deep await chains, bounded in cost. */
export const STACK_LIMIT = 32;

interface CallSite {
  getFunctionName(): string | null;
  getTypeName(): string | null;
  getFileName(): string | undefined | null;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
  isAsync(): boolean;
  isPromiseAll(): boolean;
  getPromiseIndex(): number | null;
}

/** Receivers that say nothing about the function (plain calls). */
const PLAIN_RECEIVERS = new Set(['Object', 'global', 'undefined', 'null']);

function toFrame(site: CallSite): CallGraphFrame {
  const file = site.getFileName() ?? undefined;
  let name = site.getFunctionName() ?? '<anonymous>';
  if (site.isPromiseAll()) name = `Promise.all (index ${site.getPromiseIndex() ?? 0})`;
  const type = site.isAsync() ? null : site.getTypeName();
  if (type !== null && !PLAIN_RECEIVERS.has(type) && !name.includes('.')) name = `${type}.${name}`;
  return {
    functionName: name,
    fileName: file === '' ? undefined : file,
    line: site.getLineNumber() ?? 0,
    column: site.getColumnNumber() ?? 0,
    async: site.isAsync(),
  };
}

function isMachinery(frame: CallGraphFrame): boolean {
  const file = frame.fileName;
  if (file === undefined) return false;
  if (file.startsWith('node:') || file.startsWith('internal/')) return true;
  return MACHINERY.some((dir) => file.startsWith(dir));
}

/**
 * @internal The frames of a captured stack, innermost first, without the loop's machinery: the user frames that
 * run now (up to the machinery that runs the task's step), then V8's `at async` frames of the functions suspended
 * below them. A user frame below the machinery belongs to something else (the code that started an eager task):
 * the stack ends there.
 */
export function stackFrames(holder: StackHolder | undefined): CallGraphFrame[] {
  const sites = holder === undefined ? undefined : readSites(holder);
  if (sites === undefined) return [];
  const frames: CallGraphFrame[] = [];
  let belowMachinery = false;
  for (const site of sites) {
    const frame = toFrame(site);
    if (isMachinery(frame)) {
      if (frames.length > 0) belowMachinery = true;
      continue;
    }
    if (belowMachinery && !frame.async) break;
    frames.push(frame);
  }
  return frames;
}

/** The structured call sites of a capture (read once; V8 keeps what the first read returned). */
function readSites(holder: StackHolder): CallSite[] | undefined {
  const prepare = Error.prepareStackTrace;
  Error.prepareStackTrace = (_error, sites) => sites;
  try {
    const sites: unknown = holder.stack;
    return Array.isArray(sites) ? (sites as CallSite[]) : undefined;
  } finally {
    Error.prepareStackTrace = prepare;
  }
}

/** @internal A structured stack capture; its text is formatted only when read. */
export interface StackHolder {
  stack?: unknown;
}

/** @internal Capture the stack above `above` (not formatted yet: V8 formats it when `.stack` is read). */
export function captureStack(above: (...args: never[]) => unknown): StackHolder {
  const holder: StackHolder = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = STACK_LIMIT;
  Error.captureStackTrace(holder, above);
  Error.stackTraceLimit = limit;
  return holder;
}
