// Lifetime and exit codes: every way a NodeGui program on plain Node can end, in a child process.
import { CRASH_PATTERN, runFixture, sendOnReady } from './run-fixture';

describe('exit paths', () => {
  const cases: Array<{
    mode: string;
    code: number;
    stdout?: string[];
    stderr?: string[];
    signal?: NodeJS.Signals;
  }> = [
    // A window is shown and the top-level code returns: the process stays (the closing timer is unreferenced)
    // until the window closes, then lastWindowClosed is emitted and the process exits 0.
    { mode: 'close-from-timer', code: 0, stdout: ['closing', 'lastWindowClosed'] },
    { mode: 'app-exit-3', code: 3, stdout: ['after-exit-call'] },
    { mode: 'app-quit', code: 0 },
    { mode: 'no-quit-on-close', code: 0, stdout: ['lastWindowClosed', 'still-alive'] },
    { mode: 'host-quit-4', code: 4 },
    { mode: 'process-exit-7', code: 7 },
    { mode: 'process-exit-in-listener', code: 9 },
    { mode: 'exit-code', code: 5, stdout: ['headless with exitCode 5'] },
    { mode: 'exit-code-window', code: 5, stdout: ['lastWindowClosed'] },
    { mode: 'exec', code: 6, stdout: ['exec returned 0'] },
    { mode: 'rejection-in-listener', code: 1, stderr: ['boom-from-async-listener'] },
    { mode: 'headless', code: 0, stdout: ['headless done'] },
    { mode: 'uncaught', code: 1, stderr: ['Error: boom-from-timer', 'at Timeout'] },
    { mode: 'signal-wait', code: 130, signal: 'SIGINT' },
    { mode: 'signal-wait', code: 143, signal: 'SIGTERM' },
    // The program's own SIGINT listener takes over: the bridge's handler stands back.
    { mode: 'own-sigint', code: 42, stdout: ['own-handler'], signal: 'SIGINT' },
  ];

  test.each(cases)('$mode $signal → exit $code', async ({ mode, code, stdout = [], stderr = [], signal }) => {
    const result = await runFixture('exit-paths.js', [mode], signal ? { onStdout: sendOnReady(signal) } : {});
    expect({ code: result.code, signal: result.signal }).toEqual({ code, signal: null });
    for (const text of stdout) expect(result.stdout).toContain(text);
    for (const text of stderr) expect(result.stderr).toContain(text);
    expect(result.stderr).not.toMatch(CRASH_PATTERN);
  });

  test('lastWindowClosed is emitted exactly once when the last window closes', async () => {
    const result = await runFixture('exit-paths.js', ['close-from-timer']);
    expect(result.stdout.split('\n').filter((l) => l === 'lastWindowClosed')).toHaveLength(1);
  });
});
