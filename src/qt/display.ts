import { NoDisplayError } from './errors';

/**
 * Throws {@link NoDisplayError} when Qt could not open a display: on Linux with `DISPLAY`,
 * `WAYLAND_DISPLAY` and `QT_QPA_PLATFORM` all unset (Qt would abort the process instead).
 *
 * @param env - the environment to inspect (default `process.env`)
 * @param platform - the OS (default `process.platform`)
 * @example
 * ```ts
 * assertDisplay({ QT_QPA_PLATFORM: 'offscreen' }); // fine
 * assertDisplay({}, 'linux'); // throws NoDisplayError
 * ```
 */
export function assertDisplay(
  env: Readonly<Record<string, string | undefined>> = process.env,
  platform: NodeJS.Platform = process.platform,
): void {
  if (platform !== 'linux') return;
  const set = (name: string): boolean => (env[name] ?? '') !== '';
  if (set('QT_QPA_PLATFORM') || set('DISPLAY') || set('WAYLAND_DISPLAY')) return;
  throw new NoDisplayError();
}
