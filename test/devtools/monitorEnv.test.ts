// QTASYNCIO_MONITOR=1 opens the task monitor in an app that does not mention it (test/fixtures/inspect/app.js).
// Seen from outside: the monitor turns introspection recording on, so `qtasyncio ps` shows task ages although
// QTASYNCIO_INSPECT is not set.
import { assertBuilt } from '../helpers/built';
import { maxHangGuardMs } from '../helpers/hangGuard';
import { cli, freePort, startApp } from '../inspect/remoteHelpers';

jest.setTimeout(maxHangGuardMs(20_000) * 2);

beforeAll(() => assertBuilt('dist/index.js', 'dist/devtools/index.js', 'dist/inspect/remote/cli.js'));

test.each([
  ['1', true],
  ['', false],
])('QTASYNCIO_MONITOR=%j opens the monitor: %s', async (value, opens) => {
  const port = await freePort();
  const app = startApp('test/fixtures/inspect/app.js', [], [`--inspect-port=${port}`], {
    QTASYNCIO_MONITOR: value,
  });
  try {
    await app.waitFor('ready');
    const ps = cli('ps', String(app.pid), '--port', String(port));
    expect(ps.status).toBe(0);
    const recording = !ps.stdout.includes('ages and await sites are not recorded');
    expect(recording).toBe(opens);
    if (opens) expect(ps.stdout).toMatch(/ worker-1 +pending +\d+(\.\d)? (ms|s) /);
  } finally {
    await app.stop();
  }
});
