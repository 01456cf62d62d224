// scripts/setup.mjs, the one set-up behind `npm test` / `npm start`, run for real as a child process.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SETUP = join(ROOT, 'scripts', 'setup.mjs');

test('a second run finds everything in place and does no work', () => {
  const r = spawnSync(process.execPath, [SETUP], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(/\[setup\] ready \(\d+\.\d s\)/);
  expect(r.stderr).not.toMatch(/installing|building/);
});

test('a missing Debian package, not root: names the exact apt-get command and exits non-zero', () => {
  // Run as the unprivileged user `nobody` (setpriv), with one package that no system has installed.
  const r = spawnSync(
    'setpriv',
    ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, SETUP],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, QTASYNCIO_SETUP_EXTRA_APT: 'qtasyncio-test-missing-package' },
    },
  );
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('missing Debian packages: qtasyncio-test-missing-package');
  expect(r.stderr).toContain('sudo apt-get update && sudo apt-get install -y qtasyncio-test-missing-package');
  // It stopped there: nothing else was attempted.
  expect(r.stderr).not.toMatch(/npm ci|building/);
});
