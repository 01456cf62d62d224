/**
 * CPython's Lib/test/test_asyncio/test_events.py, EventLoopTestsMixin: the cases with real OS signals. Jest's
 * sandboxed `process` cannot receive them, so each case runs in a child program
 * (test/fixtures/cpython/events-signals.js, on the built package) that prints what it saw.
 */
import { join } from 'node:path';
import { assertBuilt } from '../helpers/built';
import { runNode } from '../qt/run-fixture';

/** Run one case of the fixture and return its RESULT line. */
async function runCase(name: string): Promise<Record<string, unknown>> {
  const r = await runNode('test/fixtures/cpython/events-signals.js', { args: [name] });
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (r.code !== 0 || line === undefined) {
    throw new Error(`${name}: exited with ${r.code} (${r.signal}), stdout: ${r.stdout} stderr: ${r.stderr}`);
  }
  expect(r.stderr).toBe('');
  return JSON.parse(line.slice('RESULT '.length)) as Record<string, unknown>;
}

beforeAll(() => assertBuilt(join('dist', 'io', 'index.js')));

describe('test_events.EventLoopTestsMixin', () => {
  test('test_events.EventLoopTestsMixin.test_add_signal_handler', async () => {
    expect(await runCase('test_add_signal_handler')).toEqual({
      // asyncio: TypeError for 'boom', ValueError for NSIG+1, 0 and -1, RuntimeError for SIGKILL.
      errors: {
        addBoom: 'IoArgumentError',
        removeBoom: 'IoArgumentError',
        addOutOfRange: ['IoRangeError', 'IoRangeError', 'IoRangeError'],
        removeOutOfRange: ['IoRangeError', 'IoRangeError', 'IoRangeError'],
        addSigkill: 'IoStateError',
      },
      removeSigkill: false,
      guardFired: false,
      caught: 1,
      removed: true,
      // Removing it restores what was there before (asyncio: the default SIGINT handler).
      listenersBefore: 0,
      listenersAfter: 0,
      removedAgain: false,
    });
  });

  test('test_events.EventLoopTestsMixin.test_signal_handling_while_selecting', async () => {
    expect(await runCase('test_signal_handling_while_selecting')).toEqual({ caught: 1, guardFired: false });
  });

  test('test_events.EventLoopTestsMixin.test_signal_handling_args', async () => {
    expect(await runCase('test_signal_handling_args')).toEqual({ caught: 1, args: [42], guardFired: false });
  });
});
