// Ending a pool is what keeps a program alive: idle workers must not (a program that forgets a pool still
// exits), but a pending `close()`/`destroy()` must, until its workers are gone. Run in a child `node` (the
// built package) because under Jest something else always keeps the process alive and the bug cannot show.
import { resultOf, runNode } from '../qt/run-fixture';

const FIXTURE = 'test/executor/fixtures/endIdlePool.js';

describe.each(['process', 'thread'])(
  'a %s pool with idle workers, in a program with nothing else to do',
  (kind) => {
    test.each([
      ['close', 'submit'],
      ['destroy', 'submit'],
      ['close', 'loop'],
      ['destroy', 'loop'],
    ])('%s() settles, its workers stopped (jobs through %s)', async (end, via) => {
      const r = await runNode(FIXTURE, { args: [kind, end, via] });
      // Without the fix the program ends while the promise is pending: stderr says "never settled", exit code 3.
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      expect(resultOf(r)).toEqual({
        ended: true,
        results: [0, 1, 2],
        workerCount: 0,
        workersGone: kind === 'process' ? true : null,
      });
    });
  },
);
