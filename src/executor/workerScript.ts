/**
 * Where the compiled worker entries are, and the environment workers start with.
 *
 * The entries are compiled by `tsc -p tsconfig.build.json` into `dist/executor/`. Loaded from `dist/` (the
 * package as published) they sit next to this file; loaded from the TypeScript sources (Jest through
 * `@swc/jest`, `tsx`) they are taken from the build in `dist/`, because a worker runs plain Node without the
 * caller's transpiler.
 *
 * Workers never inherit preloads (`-r`/`--require`, `--import`, `--loader`) from `execArgv` or `NODE_OPTIONS`:
 * a program started with `node -r qtasyncio/qt` would otherwise load NodeGui in every worker.
 *
 * @packageDocumentation
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WorkerScriptNotFoundError } from './errors';

const PRELOADS = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader']);

/**
 * The absolute path of a compiled worker entry (`threadWorker` or `processWorker`).
 *
 * @throws {@link WorkerScriptNotFoundError} when neither this directory nor `dist/executor/` has it (run the build).
 * @example
 * ```ts
 * import { fork } from 'node:child_process';
 * import { workerScript } from './workerScript';
 * fork(workerScript('processWorker'));
 * ```
 */
export function workerScript(name: 'threadWorker' | 'processWorker'): string {
  const here = join(__dirname, `${name}.js`);
  if (existsSync(here)) return here;
  const built = join(__dirname, '..', '..', 'dist', 'executor', `${name}.js`);
  if (existsSync(built)) return built;
  throw new WorkerScriptNotFoundError(
    `workerScript(name): no compiled worker entry ${name}.js next to ${__dirname} or in dist/executor/; ` +
      'build the package first (npx tsc -p tsconfig.build.json)',
  );
}

/**
 * `argv` without preload flags (`-r x`, `--require=x`, `--import x`, `--loader x`…).
 *
 * @example
 * ```ts
 * import { stripPreloads } from './workerScript';
 * stripPreloads(['-r', 'qtasyncio/qt', '--max-old-space-size=512']); // ['--max-old-space-size=512']
 * ```
 */
export function stripPreloads(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (PRELOADS.has(arg)) {
      i++;
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0 && PRELOADS.has(arg.slice(0, eq))) continue;
    out.push(arg);
  }
  return out;
}

/** Split NODE_OPTIONS as Node does: whitespace-separated, `"…"` quoting with `\` escapes. */
function splitNodeOptions(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let inQuotes = false;
  let started = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inQuotes && c === '\\' && i + 1 < text.length) {
      current += text[++i];
    } else if (c === '"') {
      inQuotes = !inQuotes;
      started = true;
    } else if (!inQuotes && /\s/.test(c)) {
      if (started) out.push(current);
      current = '';
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (started) out.push(current);
  return out;
}

/**
 * The environment for a worker: `env` with the preloads removed from `NODE_OPTIONS`.
 *
 * @example
 * ```ts
 * import { workerEnv } from './workerScript';
 * workerEnv({ NODE_OPTIONS: '-r qtasyncio/qt --trace-warnings' }).NODE_OPTIONS; // '"--trace-warnings"'
 * ```
 */
export function workerEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const copy: NodeJS.ProcessEnv = { ...env };
  const options = env.NODE_OPTIONS;
  if (options === undefined) return copy;
  const kept = stripPreloads(splitNodeOptions(options));
  if (kept.length === 0) delete copy.NODE_OPTIONS;
  else copy.NODE_OPTIONS = kept.map((a) => JSON.stringify(a)).join(' ');
  return copy;
}

/**
 * The `execArgv` for a child process: this process's without its preloads, then `extra` (kept as given).
 *
 * @example
 * ```ts
 * import { fork } from 'node:child_process';
 * import { workerEnv, workerExecArgv } from './workerScript';
 * declare const file: string;
 * fork(file, [], { execArgv: workerExecArgv(), env: workerEnv() });
 * ```
 */
export function workerExecArgv(extra: readonly string[] = []): string[] {
  return [...stripPreloads(process.execArgv), ...extra];
}

/** Groups `['--a', 'v', '--b']` into `[['--a', 'v'], ['--b']]`: an option with the values that follow it. */
function optionGroups(argv: readonly string[]): string[][] {
  const groups: string[][] = [];
  for (const arg of argv) {
    const last = groups[groups.length - 1];
    if (arg.startsWith('-') || last === undefined) groups.push([arg]);
    else last.push(arg);
  }
  return groups;
}

const acceptedByThreads = new Map<string, boolean>();

/** Whether Node accepts this option in a Worker's `execArgv` (per-process options such as `--expose-gc` it does not). */
function threadAccepts(group: readonly string[]): boolean {
  const key = group.join('\0');
  let ok = acceptedByThreads.get(key);
  if (ok === undefined) {
    try {
      // Node validates execArgv in the constructor; the probe thread is stopped at once. worker_threads is
      // loaded here, not with `require('qtasyncio')`.
      const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
      const probe = new Worker('', {
        eval: true,
        execArgv: [...group],
        env: workerEnv(),
        stdout: true,
        stderr: true,
      });
      probe.on('error', () => {});
      probe.unref();
      void probe.terminate();
      ok = true;
    } catch {
      ok = false;
    }
    acceptedByThreads.set(key, ok);
  }
  return ok;
}

/**
 * The `execArgv` for a worker thread: this process's without its preloads and without the per-process options
 * that Node refuses in a Worker (e.g. `--expose-gc`, which would otherwise make every pool fail to start), then
 * `extra` (kept as given).
 *
 * @example
 * ```ts
 * import { Worker } from 'node:worker_threads';
 * import { threadExecArgv, workerEnv } from './workerScript';
 * declare const file: string;
 * new Worker(file, { execArgv: threadExecArgv(), env: workerEnv() });
 * ```
 */
export function threadExecArgv(extra: readonly string[] = []): string[] {
  const inherited = optionGroups(stripPreloads(process.execArgv)).filter(threadAccepts);
  return [...inherited.flat(), ...extra];
}
