#!/usr/bin/env node
// `npx qtasyncio <command>`: the package's command line: `setup`, `worker` (qtasyncio/cluster), and looking inside
// a running app (`ps`, `pstree`, `where`, `cancel`; implemented in dist/inspect/remote/cli.js).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const INSPECT = ['ps', 'pstree', 'where', 'cancel'];

function inspectModule() {
  return require('../dist/inspect/remote/cli.js');
}

const USAGE = `usage: qtasyncio setup
       qtasyncio worker --connection redis://HOST:PORT --queue NAME [--concurrency N] [--prefix P]
                        [--name NAME] [--lock-duration MS] [--stalled-interval MS]
       qtasyncio ps|pstree|where|cancel PID …

  setup   build what qtasyncio needs on this machine: checks the Debian packages for Qt, builds NodeGui's
          addon against the system Qt and the qtasyncio bridge (both once per machine: kept in
          ~/.cache/qtasyncio, or $QTASYNCIO_CACHE_DIR). Idempotent.
  worker  run the jobs of a ClusterExecutor (qtasyncio/cluster; needs bullmq and ioredis) from a BullMQ queue.
          Prints "worker NAME ready" once taking jobs. SIGTERM or SIGINT: take no more jobs, finish the
          running ones, exit; a second one: abort them now (another worker takes them again). Started
          with an IPC channel (fork, or 'ipc' in stdio), it stops at once when its parent goes away.`;

function usage() {
  let inspect = '';
  try {
    inspect = `\n${inspectModule().INSPECT_USAGE}`;
  } catch {
    inspect = '\n  ps|pstree|where|cancel PID    (need the built package: npm run build)';
  }
  return `${USAGE}\n${inspect}`;
}

const [command] = process.argv.slice(2);
if (command === 'setup') {
  process.argv.splice(2, 1); // setup.mjs reads its own flags (--quiet)
  const { setup } = await import('./setup.mjs');
  await setup();
} else if (command === 'worker') {
  const { worker } = await import('./worker.mjs');
  await worker(process.argv.slice(3), usage());
} else if (INSPECT.includes(command)) {
  process.exitCode = await inspectModule().runInspectCommand(process.argv.slice(2));
} else if (command === undefined || command === '--help' || command === '-h') {
  process.stdout.write(`${usage()}\n`);
  process.exit(command === undefined ? 1 : 0);
} else {
  process.stderr.write(`qtasyncio: unknown command ${JSON.stringify(command)}\n${usage()}\n`);
  process.exit(1);
}
