// scripts/setup.mjs, the one set-up behind `npm test` / `npm start`, run for real as a child process.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
  // Run as the unprivileged user `nobody` (setpriv), with one package that no system has installed. The script
  // is copied into a folder `nobody` can read (the checkout itself may be private); checking the Debian
  // packages is its first step, so it needs nothing else.
  const dir = mkdtempSync(join(tmpdir(), 'qtasyncio-setup-'));
  try {
    mkdirSync(join(dir, 'scripts'));
    copyFileSync(SETUP, join(dir, 'scripts', 'setup.mjs'));
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'scripts'), 0o755);
    const r = spawnSync(
      'setpriv',
      [
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        process.execPath,
        join(dir, 'scripts', 'setup.mjs'),
      ],
      {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, QTASYNCIO_SETUP_EXTRA_APT: 'qtasyncio-test-missing-package' },
      },
    );
    expect(r.stderr).toContain('missing Debian packages: qtasyncio-test-missing-package');
    expect(r.stderr).toContain(
      'sudo apt-get update && sudo apt-get install -y qtasyncio-test-missing-package',
    );
    expect(r.status).toBe(1);
    // It stopped there: nothing else was attempted.
    expect(r.stderr).not.toMatch(/npm ci|building/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
