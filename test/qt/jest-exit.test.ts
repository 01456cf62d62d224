// A Jest process that loaded NodeGui in-process must end cleanly, in worker processes and in band, and keep
// Jest's exit code (0 when tests pass, 1 when one fails). Runs a child Jest on test/fixtures/qt/jest.
import { join } from 'node:path';
import { CRASH_PATTERN, offscreenEnv, ROOT, run } from './run-fixture';

const jestBin = join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');

function runJest(pattern: string, ...extra: string[]) {
  // No platform in the real environment: only the project's Jest setup file sets QT_QPA_PLATFORM, in the
  // sandbox's copy of process.env, which qtasyncio/qt passes on to Qt.
  const env = offscreenEnv();
  delete env.QT_QPA_PLATFORM;
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  return run(
    process.execPath,
    [
      jestBin,
      '--ci',
      '--no-cache', // no cached timings: with several files Jest then really uses worker processes
      '--roots',
      '<rootDir>/test/fixtures/qt/jest',
      '--testMatch',
      pattern,
      '--reporters',
      'default',
      ...extra,
    ],
    { env, killAfterMs: 90_000 },
  );
}

describe('Jest processes that load NodeGui', () => {
  test.each([
    ['worker processes', ['-w', '2']],
    ['--runInBand', ['--runInBand']],
  ])('%s exit 0 without an abort', async (_name, extra) => {
    const result = await runJest('**/widgets-*.fixture.ts', ...extra);
    expect(result.stderr).toContain('Tests:       2 passed, 2 total');
    expect(result.stderr).not.toMatch(CRASH_PATTERN);
    expect(result.code).toBe(0);
  });

  test('a failing test still makes Jest exit 1, without an abort', async () => {
    const result = await runJest('**/*.fixture.ts', '-w', '2');
    expect(result.stderr).toContain('1 failed');
    expect(result.stderr).not.toMatch(CRASH_PATTERN);
    expect(result.code).toBe(1);
  });
});
