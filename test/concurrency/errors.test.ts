/**
 * The exported error classes of the concurrency module: stable names, the right base classes (so a caller can
 * catch the loop core's broader class), and ExceptionGroup's shape.
 */
import {
  ExceptionGroup,
  InvalidArgumentError,
  InvalidTimeoutError,
  NotAwaitableError,
  ScopeStateError,
} from '../../src/concurrency/index';
import { InvalidStateError, LoopArgumentError, LoopRangeError } from '../../src/index';

describe('error classes', () => {
  it.each([
    [NotAwaitableError, LoopArgumentError, TypeError],
    [InvalidArgumentError, LoopArgumentError, TypeError],
    [InvalidTimeoutError, LoopRangeError, RangeError],
    [ScopeStateError, InvalidStateError, Error],
  ])('%p has a stable name and extends the loop core class', (Cls, Base, Builtin) => {
    const e = new Cls('m');
    expect(e.name).toBe(Cls.name);
    expect(e).toBeInstanceOf(Base);
    expect(e).toBeInstanceOf(Builtin);
    expect(e.message).toBe('m');
  });

  it('ExceptionGroup is an AggregateError with its errors, in order, not flattened', () => {
    const a = new RangeError('a');
    const inner = new ExceptionGroup([new TypeError('b')]);
    const g = new ExceptionGroup([a, inner]);
    expect(g).toBeInstanceOf(AggregateError);
    expect(g.name).toBe('ExceptionGroup');
    expect(g.errors).toEqual([a, inner]);
    expect(g.exceptions).toBe(g.errors);
    expect(g.message).toBe('unhandled errors in a TaskGroup (2 sub-exceptions)');
    expect(new ExceptionGroup(new Set([a]), 'custom').message).toBe('custom (1 sub-exception)');
  });
});
