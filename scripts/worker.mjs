// `npx qtasyncio worker …`: runWorker() from qtasyncio/cluster behind a command line (see cli.mjs's usage).

import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const FLAGS = {
  connection: { type: 'string' },
  queue: { type: 'string' },
  concurrency: { type: 'string' },
  prefix: { type: 'string' },
  name: { type: 'string' },
  'lock-duration': { type: 'string' },
  'stalled-interval': { type: 'string' },
};

function usageError(message, usage) {
  process.stderr.write(`qtasyncio worker: ${message}\n${usage}\n`);
  process.exit(2);
}

function integer(values, flag, usage) {
  const text = values[flag];
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) usageError(`--${flag}: expected an integer, got ${JSON.stringify(text)}`, usage);
  return Number(text);
}

/**
 * Parse `argv`, start the worker, stop it on SIGTERM/SIGINT (twice: at once), and at once when the parent that
 * started it with an IPC channel goes away.
 * @example await worker(['--connection', 'redis://127.0.0.1:6379', '--queue', 'jobs'], USAGE);
 */
export async function worker(argv, usage) {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: FLAGS, strict: true }));
  } catch (error) {
    usageError(error.message, usage);
  }
  if (values.connection === undefined) usageError('--connection is required', usage);
  if (values.queue === undefined) usageError('--queue is required', usage);
  const { runWorker } = createRequire(import.meta.url)('../dist/cluster/index.js');
  const options = { connection: values.connection, queue: values.queue };
  for (const [flag, key] of [
    ['concurrency', 'concurrency'],
    ['lock-duration', 'lockDurationMs'],
    ['stalled-interval', 'stalledIntervalMs'],
  ]) {
    const n = integer(values, flag, usage);
    if (n !== undefined) options[key] = n;
  }
  if (values.prefix !== undefined) options.prefix = values.prefix;
  if (values.name !== undefined) options.name = values.name;
  let running;
  try {
    running = await runWorker(options);
  } catch (error) {
    process.stderr.write(`qtasyncio worker: ${error.stack ?? error}\n`);
    process.exit(1);
  }
  process.stdout.write(`worker ${running.name} ready\n`);
  let stops = 0;
  /** Stop taking jobs; `abort`: abort the running ones instead of finishing them (a second signal does). */
  const stop = (signal, abort = stops > 0) => {
    stops++;
    process.stderr.write(
      `qtasyncio worker ${running.name}: ${signal}: ${abort ? 'aborting the running jobs' : 'finishing the running jobs'}\n`,
    );
    running.close(abort).then(
      () => process.exit(0),
      (error) => {
        process.stderr.write(`qtasyncio worker ${running.name}: ${error.stack ?? error}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', (signal) => stop(signal));
  process.on('SIGINT', (signal) => stop(signal));
  // Started with an IPC channel (`fork`, or 'ipc' in `stdio`): the parent's end closes when it exits or is killed,
  // and a worker left behind would go on taking jobs for nobody. It stops as on a second SIGTERM: the running jobs
  // are aborted (taken again by another worker after the stall interval), and it exits even when Redis went away
  // with the parent (a graceful close waits for Redis).
  if (process.channel) {
    process.channel.unref();
    process.once('disconnect', () => stop('parent gone', true));
  }
}
