/**
 * The error model: every error class that any entry point of the package exports extends `QtAsyncioError` and
 * carries a stable `code` of its own (`ERR_QTASYNCIO_…`, unique); the area errors extend the core ones (an
 * argument error of any area is a `LoopArgumentError`, hence a `TypeError`); README's error table lists every
 * class with its code. A new exported error without a code of its own fails here.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  CancelledError,
  InvalidStateError,
  LoopArgumentError,
  LoopRangeError,
  QtAsyncioError,
  Semaphore,
  SyncArgumentError,
} from '../../src';
import { OSError } from '../../src/io';
import { fromNodeError } from '../../src/io/nodeErrors';

const root = path.join(__dirname, '..', '..');

interface ErrorClass {
  new (...args: never[]): Error;
  readonly name: string;
  readonly code?: unknown;
  readonly prototype: Error;
}

/** Every entry point in package.json's `exports`, as the source barrel it is built from. */
function entryPoints(): Map<string, string> {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    exports: Record<string, string | { default?: string }>;
  };
  const entries = new Map<string, string>();
  for (const [key, target] of Object.entries(pkg.exports)) {
    const file = typeof target === 'string' ? target : target.default;
    const m = file === undefined ? null : /^\.\/dist\/(.+)\.js$/.exec(file);
    if (m === null) continue; // ./package.json
    entries.set(
      key === '.' ? 'qtasyncio' : `qtasyncio/${key.slice(2)}`,
      path.join(root, 'src', `${m[1]}.ts`),
    );
  }
  return entries;
}

/** Every exported class whose prototype chain contains `Error.prototype`, with the entry points exporting it. */
function exportedErrorClasses(): Map<ErrorClass, string[]> {
  const classes = new Map<ErrorClass, string[]>();
  for (const [entry, file] of entryPoints()) {
    const mod = require(file) as Record<string, unknown>;
    for (const value of Object.values(mod)) {
      if (typeof value !== 'function' || !(value.prototype instanceof Error)) continue;
      const cls = value as ErrorClass;
      classes.set(cls, [...(classes.get(cls) ?? []), entry]);
    }
  }
  return classes;
}

const classes = exportedErrorClasses();
const list = [...classes.keys()];
const CODE = /^ERR_QTASYNCIO(_[A-Z0-9]+)*$/;

test('the scan sees every entry point and their errors (a broken scan must not pass vacuously)', () => {
  expect([...entryPoints().keys()]).toEqual(
    expect.arrayContaining(['qtasyncio', 'qtasyncio/io', 'qtasyncio/rx', 'qtasyncio/qt']),
  );
  const names = list.map((c) => c.name);
  for (const name of [
    'QtAsyncioError',
    'CancelledError',
    'ExceptionGroup',
    'SyncArgumentError',
    'CapturedVariableError',
    'ConnectionResetError',
    'UnknownSignalError',
    'NoDisplayError',
  ]) {
    expect(names).toContain(name);
  }
  expect(list.length).toBeGreaterThan(50);
});

test.each(list.map((c) => [c.name, c] as const))(
  '%s extends QtAsyncioError and has its own code',
  (_, cls) => {
    expect(typeof cls.code).toBe('string');
    expect(cls.code).toMatch(CODE);
    const error = Reflect.construct(cls, ['message']) as Error & { code?: unknown };
    expect(error).toBeInstanceOf(QtAsyncioError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(cls);
    expect(error.name).toBe(cls.name);
    expect(error.code).toBe(cls.code);
    // The code shows where errors are printed (an own property, as on Node's own errors).
    expect(Object.keys(error)).toContain('code');
  },
);

test('no two exported error classes share a code', () => {
  const byCode = new Map<unknown, string[]>();
  for (const cls of list) byCode.set(cls.code, [...(byCode.get(cls.code) ?? []), cls.name]);
  const shared = [...byCode].filter(([, names]) => names.length > 1);
  expect(shared).toEqual([]);
});

test('README lists every exported error with its code and entry point, and no other', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const rows = new Map<string, string>();
  for (const m of readme.matchAll(/^\| `(\w+)` \| `(ERR_QTASYNCIO\w*)` \| ([^|]+) \|/gm)) {
    rows.set(m[1] as string, `${m[2]} ${(m[3] as string).trim()}`);
  }
  const expected = new Map(list.map((c) => [c.name, `${String(c.code)} \`${classes.get(c)?.[0]}\``]));
  expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(expected));
});

describe('the area errors extend the core ones', () => {
  const byName = new Map(list.map((c) => [c.name, c]));
  const named = (re: RegExp): ErrorClass[] => list.filter((c) => re.test(c.name));

  test('LoopArgumentError is a TypeError and LoopRangeError a RangeError (what built-in checks expect)', () => {
    expect(new LoopArgumentError('x')).toBeInstanceOf(TypeError);
    expect(new LoopRangeError('x')).toBeInstanceOf(RangeError);
  });

  test.each(named(/.ArgumentError$/).map((c) => [c.name, c] as const))(
    '%s is a LoopArgumentError',
    (_, cls) => {
      expect(cls === LoopArgumentError || cls.prototype instanceof LoopArgumentError).toBe(true);
    },
  );

  test.each(named(/.RangeError$/).map((c) => [c.name, c] as const))('%s is a LoopRangeError', (_, cls) => {
    expect(cls === LoopRangeError || cls.prototype instanceof LoopRangeError).toBe(true);
  });

  test.each(named(/.StateError$/).map((c) => [c.name, c] as const))(
    '%s is an InvalidStateError',
    (_, cls) => {
      expect(cls === InvalidStateError || cls.prototype instanceof InvalidStateError).toBe(true);
    },
  );

  test('the other argument errors of the areas are argument errors too', () => {
    for (const name of [
      'NotAwaitableError',
      'InvalidArgumentError',
      'UnknownSignalError',
      'FunctionSourceError',
      'UncloneableArgumentError',
      'InvalidExitCodeError',
    ]) {
      expect(byName.get(name)?.prototype).toBeInstanceOf(LoopArgumentError);
    }
    expect(byName.get('WrongLoopError')?.prototype).toBeInstanceOf(InvalidStateError);
  });

  test('one catch of LoopArgumentError catches a real argument error of another area', () => {
    let caught: unknown;
    try {
      new Semaphore('ten' as never);
    } catch (e) {
      if (e instanceof LoopArgumentError) caught = e;
      else throw e;
    }
    expect(caught).toBeInstanceOf(SyncArgumentError);
    expect((caught as SyncArgumentError).code).toBe(SyncArgumentError.code);
    expect((caught as Error).message).toBe('Semaphore(value): expected an integer ≥ 0, got "ten"');
  });
});

describe('instanceof QtAsyncioError', () => {
  test('holds for errors that extend a built-in error (TypeError, AggregateError…) through their brand', () => {
    expect(new LoopArgumentError('x')).toBeInstanceOf(QtAsyncioError);
    expect(new SyncArgumentError('x')).toBeInstanceOf(QtAsyncioError);
  });

  test('does not hold for built-in errors, other errors, plain objects or primitives', () => {
    for (const value of [
      new Error('x'),
      new TypeError('x'),
      new AggregateError([]),
      { code: 'ERR_QTASYNCIO_CANCELLED' },
      'ERR_QTASYNCIO',
      null,
      undefined,
      42,
    ]) {
      expect(value instanceof QtAsyncioError).toBe(false);
    }
  });

  test('a subclass keeps the ordinary instanceof: only its own instances', () => {
    expect(new LoopArgumentError('x') instanceof CancelledError).toBe(false);
    expect(new InvalidStateError('x') instanceof CancelledError).toBe(false);
    expect(new CancelledError('x') instanceof CancelledError).toBe(true);
    expect(new SyncArgumentError('x') instanceof LoopArgumentError).toBe(true);
  });
});

describe('the OSError family carries the operating system code, as Node system errors do', () => {
  test('an error converted from Node keeps its code; one made without a code has its class code', () => {
    const reset = fromNodeError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    expect(reset).toBeInstanceOf(QtAsyncioError);
    expect((reset as OSError).code).toBe('ECONNRESET');
    expect(new OSError('x').code).toBe(OSError.code);
    expect(new OSError('x', { code: 'EADDRINUSE' }).code).toBe('EADDRINUSE');
  });
});
