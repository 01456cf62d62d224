// Pure parts of qtasyncio/qt (no Qt loaded here): display check, error messages, bridge location.
import { existsSync } from 'node:fs';
import { bridgePath } from '../../src/qt/bridge';
import { assertDisplay } from '../../src/qt/display';
import {
  BridgeAttachError,
  BridgeLoadError,
  InvalidExitCodeError,
  NoDisplayError,
  QtThreadError,
} from '../../src/qt/errors';

describe('assertDisplay', () => {
  // A DISPLAY is accepted only when an X server answers there: see display.test.ts.
  test.each([[{ QT_QPA_PLATFORM: 'offscreen' }], [{ WAYLAND_DISPLAY: 'wayland-0' }]])('accepts %j', (env) => {
    expect(() => assertDisplay(env, 'linux')).not.toThrow();
  });

  test('throws NoDisplayError naming both remedies when nothing is set (empty counts as unset)', () => {
    expect(() => assertDisplay({ DISPLAY: '' }, 'linux')).toThrow(NoDisplayError);
    expect(() => assertDisplay({}, 'linux')).toThrow(/QT_QPA_PLATFORM=offscreen.*xvfb-run/s);
  });

  test('only applies on Linux', () => {
    expect(() => assertDisplay({}, 'darwin')).not.toThrow();
  });
});

describe('errors', () => {
  test('carry stable names and messages naming the value', () => {
    expect(new NoDisplayError().name).toBe('NoDisplayError');
    const load = new BridgeLoadError('/x/qtasyncio_bridge.node', new Error('ENOENT'));
    expect(load).toMatchObject({ name: 'BridgeLoadError', path: '/x/qtasyncio_bridge.node' });
    expect(load.message).toContain('"/x/qtasyncio_bridge.node": ENOENT');
    expect(load.message).toContain("Build it (and NodeGui's addon) with `npx qtasyncio setup`.");
    expect(load.message).not.toContain('npm run');
    expect(new BridgeAttachError(new Error('no GLib')).message).toBe(
      'qtasyncio/qt: cannot attach to Qt: no GLib',
    );
    expect(new QtThreadError(3).message).toContain('worker thread 3');
    const bad = new InvalidExitCodeError('QApplication.exit(exitCode)', 1.5);
    expect(bad).toBeInstanceOf(TypeError);
    expect(bad.message).toBe('QApplication.exit(exitCode): expected an integer, got 1.5');
    expect(new InvalidExitCodeError('requestExit(code)', 'x').message).toBe(
      'requestExit(code): expected an integer, got "x"',
    );
  });
});

test('bridgePath points at the cmake-js build output', () => {
  expect(bridgePath()).toMatch(/native[/\\]build[/\\]Release[/\\]qtasyncio_bridge\.node$/);
  expect(existsSync(bridgePath())).toBe(true);
});
