// Nothing vanishes when a Qt program under run() ends: errors in main end it with exit 1 and their stack; an
// exception nobody retrieved is reported on every exit path; pending tasks are cancelled and clean up first.
// Real Qt (offscreen) in child processes: test/fixtures/qt/run-exit.js.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CRASH_PATTERN, ROOT, type RunResult, runFixture, sendOnReady } from './run-fixture';

type Ender = 'close' | 'quit' | 'exit3' | 'processExit4' | 'SIGINT' | 'SIGTERM';

/** Runs `run-exit.js mode options ender`; a signal ender is sent once the program printed READY. */
function runExit(
  mode: string,
  options: object = {},
  ender: Ender = 'close',
  onStdout?: (child: ChildProcess, stdout: string) => void,
): Promise<RunResult> {
  const signal = ender === 'SIGINT' || ender === 'SIGTERM' ? ender : null;
  const watch = onStdout ?? (signal ? sendOnReady(signal) : null);
  return runFixture(
    'run-exit.js',
    [mode, JSON.stringify(options), signal ? 'ready' : ender],
    watch ? { onStdout: watch } : {},
  );
}

function expectNoCrash(result: RunResult): void {
  expect(result.signal).toBeNull();
  expect(result.stderr).not.toMatch(CRASH_PATTERN);
}

describe('an error in main ends the program with exit 1 and its stack, whatever keepRunning is', () => {
  test.each([
    ['main-throws', {}, 'Error: boom-in-main'],
    ['main-throws', { debug: true }, 'Error: boom-in-main'],
    ['main-throws', { keepRunning: false }, 'Error: boom-in-main'],
    ['main-throws-sync', {}, 'Error: boom-sync-in-main'],
    ['main-throws-after-await', {}, 'Error: boom-after-await'],
    ['run-in-main', {}, 'LoopRunningError: run(): cannot be called while an event loop is running'],
  ])('%s %j → exit 1', async (mode, options, printed) => {
    const result = await runExit(mode, options);
    expectNoCrash(result);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(printed);
    expect(result.stderr).toMatch(/\n\s+at .*run-exit\.js:\d+/); // the stack, pointing into the program
  });

  test('the other tasks are cancelled and run their cleanup before the exit', async () => {
    const result = await runExit('main-throws-after-await');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('bystander: signal aborted');
    expect(result.stdout).toContain('bystander: cancelled');
    expect(result.stdout).toContain('bystander: finally ran');
  });
});

describe('a task exception nobody retrieved is reported on every exit path', () => {
  test.each<[Ender, number]>([
    ['close', 0], // asyncio.run logs it and exits 0: the program did not fail, a background task did
    ['quit', 0],
    ['exit3', 3],
    ['processExit4', 4],
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ])('%s → exit %i, "Task exception was never retrieved" on stderr', async (ender, code) => {
    const result = await runExit('task-throws', {}, ender);
    expectNoCrash(result);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain('Task exception was never retrieved');
    expect(result.stderr).toContain('Error: boom-in-task');
    expect(result.stderr.split('Task exception was never retrieved')).toHaveLength(2); // once
  });

  test('in debug mode the report names the task and where it was created', async () => {
    const result = await runExit('task-throws', { debug: true }, 'close');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('name="failing-task"');
    expect(result.stderr).toMatch(/sourceTraceback: failingTask \(.*run-exit\.js:\d+:\d+\)/);
  });
});

describe('pending tasks are cancelled at exit; their finally blocks and AbortSignals run', () => {
  test.each<[Ender, object, number]>([
    ['close', {}, 0],
    ['quit', {}, 0],
    ['exit3', {}, 3],
    ['SIGINT', {}, 130],
    ['SIGTERM', {}, 143],
    ['close', { keepRunning: false }, 0],
    ['SIGINT', { keepRunning: false }, 130],
    ['SIGINT', { handleSigint: true }, 130],
    ['SIGINT', { handleSigint: true, keepRunning: false }, 130],
  ])('%s %j → exit %i after the cleanup', async (ender, options, code) => {
    const result = await runExit('tasks-pending', options, ender);
    expectNoCrash(result);
    expect(result.code).toBe(code);
    for (const name of ['task-a', 'task-b']) {
      expect(result.stdout).toContain(`${name}: signal aborted`);
      expect(result.stdout).toContain(`${name}: cancelled`);
      expect(result.stdout).toContain(`${name}: finally ran`);
    }
    expect(result.stderr).not.toContain('never retrieved'); // cancellation is not an error
  });

  test('a task that ignores its cancellation is abandoned after shutdownTimeout, reported, exit code kept', async () => {
    const result = await runExit('stubborn-task', { shutdownTimeout: 200 }, 'exit3');
    expectNoCrash(result);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('stubborn: ignoring cancellation');
    expect(result.stderr).toContain(
      'Task was still pending 200 ms after its cancellation at shutdown; abandoned',
    );
    expect(result.stderr).toContain('name="stubborn"');
  });

  // The cleanup never ends and its timeout is longer than the hang guard: only the second signal ends it.
  const FOREVER = { shutdownTimeout: 3_600_000 };
  test.each<['SIGINT' | 'SIGTERM', object, number]>([
    ['SIGINT', FOREVER, 130],
    ['SIGINT', { ...FOREVER, handleSigint: true }, 130],
    ['SIGINT', { ...FOREVER, handleSigint: true, keepRunning: false }, 130],
    ['SIGTERM', FOREVER, 143],
  ])('a second %s during the cleanup exits at once (%j → %i)', async (signal, options, code) => {
    const first = sendOnReady(signal);
    const second = sendOnReady(signal, 'CLEANING');
    const result = await runExit('slow-cleanup', options, signal, (child, stdout) => {
      first(child, stdout);
      second(child, stdout);
    });
    expectNoCrash(result);
    expect(result.code).toBe(code);
    expect(result.stdout).toContain('CLEANING');
  });
});

/** The rows of the README's "What happens when…" table: [when, printed, exit code]. */
function readmeRows(): Array<[string, string, string]> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split('## What happens when…')[1]?.split('\n## ')[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| When'))
    .map((line) => line.slice(2, -2).split(' | ') as [string, string, string]);
}

describe('README "What happens when…": every row, as printed there', () => {
  /** How each row is checked: the scenario, and what must be printed (quoted in the row's middle cell too). */
  const scenarios: Record<string, { run: () => Promise<RunResult>; printed: string[]; code: number }> = {
    'an error is thrown in `main`': { run: () => runExit('main-throws'), printed: [], code: 1 },
    'an error is thrown in a task nobody awaits': {
      run: () => runExit('task-throws'),
      printed: ['Task exception was never retrieved'],
      code: 0,
    },
    'the last window closes': { run: () => runExit('tasks-pending'), printed: [], code: 0 },
    'Ctrl+C (SIGINT)': { run: () => runExit('tasks-pending', {}, 'SIGINT'), printed: [], code: 130 },
    SIGTERM: { run: () => runExit('tasks-pending', {}, 'SIGTERM'), printed: [], code: 143 },
    '`process.exit(n)`': {
      run: () => runExit('task-throws', {}, 'processExit4'),
      printed: ['Task exception was never retrieved'],
      code: 4,
    },
  };
  // Checked by the tests of fromSignal (test/rx) once subscriber errors reach the exception handler.
  const elsewhere = ['an error is thrown in a subscriber of a `fromSignal` stream'];
  const rows = readmeRows();
  const scenarioOf = (when: string) => Object.keys(scenarios).find((key) => when.startsWith(key));

  test('the table has a row for each case and each row has a check', () => {
    expect(rows.length).toBeGreaterThanOrEqual(7);
    for (const [when] of rows) {
      if (!elsewhere.some((e) => when.startsWith(e))) expect(scenarioOf(when)).toBeDefined();
    }
  });

  test.each(rows.filter(([when]) => scenarioOf(when) !== undefined))(
    '%s',
    async (when, printed, exitCell) => {
      const scenario = scenarios[scenarioOf(when) as string] as (typeof scenarios)[string];
      const readmeCode = exitCell === 'n' ? 4 : Number(/\d+/.exec(exitCell)?.[0]);
      expect(readmeCode).toBe(scenario.code);
      const result = await scenario.run();
      expectNoCrash(result);
      expect(result.code).toBe(readmeCode);
      for (const text of scenario.printed) {
        expect(printed).toContain(`\`${text}\``);
        expect(result.stderr).toContain(text);
      }
      if (printed.startsWith('nothing')) {
        expect(result.stderr).not.toMatch(/Error|never retrieved|abandoned/);
        expect(result.stdout).toContain('task-a: finally ran');
      }
    },
  );
});
