/**
 * The hook `npx qtasyncio ps|pstree|where|cancel PID` calls inside the inspected process (through Node's
 * inspector): a function registered on `globalThis` under `Symbol.for('qtasyncio.inspect')` when the loop loads.
 * It loads the commands (./processCommands.ts, and with them the call graphs) on its first call, so that a program
 * nobody inspects does not pay for them at start-up. With `QTASYNCIO_INSPECT=1` in the environment, recording
 * starts now (./introspection.ts switches it on when it loads).
 *
 * @internal
 * @packageDocumentation
 */

/** @internal The global symbol the hook lives under. */
export const PROCESS_HOOK = Symbol.for('qtasyncio.inspect');

/** @internal The hook: answers one JSON request of the `qtasyncio` command line with JSON. */
function processHook(request: string): string {
  const commands = require('./processCommands') as typeof import('./processCommands');
  return commands._processHook(request);
}

const slot = globalThis as { [PROCESS_HOOK]?: (request: string) => string };
// With two copies of qtasyncio in one process, the first one loaded answers.
slot[PROCESS_HOOK] ??= processHook;

if (process.env.QTASYNCIO_INSPECT === '1') require('./introspection');
