/**
 * The one module of argument checks (src/core/validate.ts): each check throws the error classes it is given (a
 * wrong type → the type class, a value out of range → the range class; one class stands for both), with the
 * message shape `fn(arg): expected …, got <value>`; the loop's classes by default.
 */
import {
  ExecutorArgumentError,
  LoopArgumentError,
  LoopRangeError,
  SyncArgumentError,
  SyncRangeError,
} from '../../src';
import {
  checkBoolean,
  checkDeadline,
  checkDelay,
  checkInteger,
  checkOneOf,
  checkOptionalMs,
  checkPositiveInt,
  checkString,
  checkStringArray,
  checkTime,
  checkTimeoutMs,
} from '../../src/core/validate';

const SYNC = { type: SyncArgumentError, range: SyncRangeError };

function thrown(fn: () => void): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('numeric checks: the type class for a non-number, the range class for a number out of range', () => {
  test.each([
    ['checkDelay', (v: unknown) => checkDelay('f', 'ms', v, SYNC), 5, -1, 'a finite number ≥ 0'],
    [
      'checkOptionalMs',
      (v: unknown) => checkOptionalMs('f', 'ms', v, SYNC),
      undefined,
      Number.NaN,
      'a finite number ≥ 0',
    ],
    [
      'checkTime',
      (v: unknown) => checkTime('f', 'ms', v, SYNC),
      -5,
      Number.POSITIVE_INFINITY,
      'a finite number',
    ],
    [
      'checkTimeoutMs',
      (v: unknown) => checkTimeoutMs('f', 'ms', v, true, SYNC),
      null,
      Number.NaN,
      'a finite number or null',
    ],
    [
      'checkDeadline',
      (v: unknown) => checkDeadline('f', 'ms', v, SYNC),
      null,
      Number.NaN,
      'a finite loop time in ms or null',
    ],
    ['checkInteger', (v: unknown) => checkInteger('f', 'ms', v, 2, SYNC), 2, 1.5, 'an integer ≥ 2'],
    ['checkPositiveInt', (v: unknown) => checkPositiveInt('f', 'ms', v, SYNC), 1, 0, 'an integer > 0'],
  ] as const)('%s', (_, check, good, outOfRange, expected) => {
    expect(() => check(good)).not.toThrow();
    const typeError = thrown(() => check('3'));
    expect(typeError).toBeInstanceOf(SyncArgumentError);
    expect(typeError).toBeInstanceOf(LoopArgumentError);
    expect(typeError.message).toBe(`f(ms): expected ${expected}, got "3"`);
    const rangeError = thrown(() => check(outOfRange));
    expect(rangeError).toBeInstanceOf(SyncRangeError);
    expect(rangeError).toBeInstanceOf(LoopRangeError);
    expect(rangeError.message).toBe(`f(ms): expected ${expected}, got ${String(outOfRange)}`);
  });

  test("without classes, the loop's own; one class stands for both", () => {
    expect(thrown(() => checkDelay('f', 'ms', 'x'))).toBeInstanceOf(LoopArgumentError);
    expect(thrown(() => checkDelay('f', 'ms', -1))).toBeInstanceOf(LoopRangeError);
    const one = thrown(() => checkInteger('Pool', 'options.maxWorkers', 0, 1, ExecutorArgumentError));
    expect(one).toBeInstanceOf(ExecutorArgumentError);
    expect(one.message).toBe('Pool(options.maxWorkers): expected an integer ≥ 1, got 0');
    expect(thrown(() => checkInteger('Pool', 'n', 'x', 1, ExecutorArgumentError))).toBeInstanceOf(
      ExecutorArgumentError,
    );
  });
});

describe('type checks throw the class they are given', () => {
  test.each([
    ['checkBoolean', (v: unknown) => checkBoolean('f', 'flag', v, SyncArgumentError), true, 'a boolean'],
    ['checkString', (v: unknown) => checkString('f', 'flag', v, SyncArgumentError), 'x', 'a string'],
    [
      'checkStringArray',
      (v: unknown) => checkStringArray('f', 'flag', v, SyncArgumentError),
      ['a'],
      'an array of strings',
    ],
  ] as const)('%s', (_, check, good, expected) => {
    expect(() => check(good)).not.toThrow();
    const error = thrown(() => check(7));
    expect(error).toBeInstanceOf(SyncArgumentError);
    expect(error.message).toBe(`f(flag): expected ${expected}, got 7`);
  });

  test('checkOneOf lets undefined pass and names the allowed values', () => {
    expect(() => checkOneOf('f', 'mode', undefined, ['a', 'b'])).not.toThrow();
    expect(() => checkOneOf('f', 'mode', 'b', ['a', 'b'])).not.toThrow();
    const error = thrown(() => checkOneOf('f', 'mode', 'c', ['a', 'b'], SyncArgumentError));
    expect(error).toBeInstanceOf(SyncArgumentError);
    expect(error.message).toBe('f(mode): expected one of "a", "b", got "c"');
  });
});
