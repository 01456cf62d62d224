#!/usr/bin/env node
// `npx qtasyncio <command>`: the package's command line. One command for now: `setup`.

const USAGE = `usage: qtasyncio setup

  setup   build what qtasyncio needs on this machine: checks the Debian packages for Qt, builds NodeGui's
          addon against the system Qt and the qtasyncio bridge (both once per machine: kept in
          ~/.cache/qtasyncio, or $QTASYNCIO_CACHE_DIR). Idempotent.`;

const [command] = process.argv.slice(2);
if (command === 'setup') {
  process.argv.splice(2, 1); // setup.mjs reads its own flags (--quiet)
  const { setup } = await import('./setup.mjs');
  await setup();
} else if (command === undefined || command === '--help' || command === '-h') {
  process.stdout.write(`${USAGE}\n`);
  process.exit(command === undefined ? 1 : 0);
} else {
  process.stderr.write(`qtasyncio: unknown command ${JSON.stringify(command)}\n${USAGE}\n`);
  process.exit(1);
}
