// The `eratosthenes` example on a real X11 server: concurrent Tasks cross out the multiples of each prime on a
// common tick; at the end exactly the primes (and 1) are left plain in the grid the window shows.
import { CRASH_PATTERN } from '../qt/run-fixture';
import { launchExample } from './harness';

const ROWS = 16;
const COLS = 16;
const SMALL = ['--rows', String(ROWS), '--cols', String(COLS), '--tick', '10'];
const TITLE = 'qtasyncio eratosthenes';

function primesUpTo(n: number): number[] {
  const primes: number[] = [];
  for (let k = 2; k <= n; k++) if (primes.every((p) => k % p !== 0)) primes.push(k);
  return primes;
}

test('eratosthenes: the grid ends with exactly the primes plain; the window stays open (keepRunning)', async () => {
  const app = await launchExample('eratosthenes', { title: TITLE, args: SMALL });
  try {
    const shown = await app.waitForState((s) => s.event === 'shown');
    expect(shown.plain).toHaveLength(ROWS * COLS); // nothing crossed out yet
    const done = await app.waitForState((s) => s.event === 'done', { what: 'the end of the sieve' });
    expect(done.plain).toEqual([1, ...primesUpTo(ROWS * COLS)]);
    expect(done.text).toMatch(/Congratulations! You found all the prime numbers/);
    // Like QtAsyncio.run() with keep_running left at True: the window is still there after the sieve.
    const after = await app.state();
    expect(after.text).toBe(done.text);
    const png = await app.screenshot('eratosthenes');
    expect(png.width).toBe(after.window?.width);
    const result = await app.quit();
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(CRASH_PATTERN);
  } finally {
    await app.dispose();
  }
});

test('eratosthenes --exit-when-done: run(main, {keepRunning: false}) ends the program, exit code 0', async () => {
  const app = await launchExample('eratosthenes', { args: [...SMALL, '--exit-when-done'] });
  try {
    const result = await app.exited; // no quit command: the program ends by itself
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(CRASH_PATTERN);
    expect(app.lastState?.event).toBe('done');
    expect(app.lastState?.plain).toEqual([1, ...primesUpTo(ROWS * COLS)]);
  } finally {
    await app.dispose();
  }
});
