// `npm start`'s showcase, run as a real program (plain node, real Qt offscreen) through its scripted tour.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { decodePng, distinctColours } from '../helpers/png';
import { CRASH_PATTERN, ROOT, runNode } from '../qt/run-fixture';

test('the showcase tour starts a task, cancels it at its await, saves a real screenshot and exits 0', async () => {
  const shot = join(ROOT, 'test-output', 'showcase-test.png');
  rmSync(shot, { force: true });
  const r = await runNode(join(ROOT, 'examples', 'showcase', 'main.js'), { args: ['--tour', shot] });
  expect(r.stderr).not.toMatch(CRASH_PATTERN);
  expect(r.code).toBe(0);
  // The task ran some steps (each an `await sleep(100)`) and was cancelled at an await, before the 20th.
  const m = /status: Cancelled after (\d+) of 20 steps: CancelledError at the await\./.exec(r.stdout);
  expect(m).not.toBeNull();
  const steps = Number(m?.[1]);
  expect(steps).toBeGreaterThan(0);
  expect(steps).toBeLessThan(20);
  expect(r.stdout).toContain(`screenshot: ${shot}`);
  expect(existsSync(shot)).toBe(true);
  const png = decodePng(shot);
  expect(png.width).toBeGreaterThanOrEqual(400);
  expect(png.height).toBeGreaterThanOrEqual(150);
  // Text, a progress bar and buttons: far more than a blank window's handful of colours.
  expect(distinctColours(png)).toBeGreaterThan(20);
});
