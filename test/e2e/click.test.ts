// End to end on a real X11 server (Xvfb through xvfb-run): a real window, a real pointer click from xdotool,
// the JS listener, and a screenshot read back from the X server.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { decodePng } from '../helpers/png';
import { CRASH_PATTERN, FIXTURES, offscreenEnv, ROOT, resultOf, run } from '../qt/run-fixture';

/** Variance of the pixels' luminance: 0 for a blank (single-colour) image. */
function luminanceVariance(rgba: Uint8Array): number {
  let sum = 0;
  let sumSq = 0;
  const n = rgba.length / 4;
  for (let i = 0; i < rgba.length; i += 4) {
    const y = 0.2126 * (rgba[i] ?? 0) + 0.7152 * (rgba[i + 1] ?? 0) + 0.0722 * (rgba[i + 2] ?? 0);
    sum += y;
    sumSq += y * y;
  }
  const mean = sum / n;
  return sumSq / n - mean * mean;
}

test('xdotool clicks the button of a real X11 window; JS gets `clicked`; the screenshot is not blank', async () => {
  const shot = join(ROOT, 'test-output', 'e2e-click.png');
  rmSync(shot, { force: true });
  const env = offscreenEnv();
  delete env.QT_QPA_PLATFORM; // the real xcb platform on Xvfb's display
  const result = await run(
    'xvfb-run',
    ['-a', '-s', '-screen 0 800x600x24', process.execPath, join(FIXTURES, 'e2e-click.js'), shot],
    { env, killAfterMs: 60_000 },
  );
  expect(resultOf(result)).toEqual({ clicked: true, saved: true, shot, platform: 'xcb' });
  expect(result.code).toBe(0);
  expect(result.stderr).not.toMatch(CRASH_PATTERN);
  expect(existsSync(shot)).toBe(true);
  const png = decodePng(shot);
  expect(png.width).toBeGreaterThanOrEqual(300);
  expect(png.height).toBeGreaterThanOrEqual(150);
  // A button with a gradient and text: far from a single colour.
  expect(luminanceVariance(png.rgba)).toBeGreaterThan(20);
});
