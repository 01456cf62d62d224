// Errors nobody handles in the streams of qtasyncio/rx (a subscriber that throws, a failed stream without an
// error callback) go to the loop's exception handler and the program lives on, like asyncSlot's; RxJS's fatal
// path only with setStreamErrorPolicy('throw'). Real NodeGui widgets, offscreen.
import '../../src/qt';
import { join } from 'node:path';
import { QLabel, QLineEdit, QPushButton, QWidget } from '@nodegui/nodegui';
import { config, filter, firstValueFrom, map, Subject } from 'rxjs';
import type { ExceptionContext, VirtualTimeLoop } from '../../src/index';
import {
  bindTo,
  fromQEvent,
  fromSignal,
  fromTask,
  RxArgumentError,
  setStreamErrorPolicy,
  switchMapTask,
  untilDestroyed,
} from '../../src/rx';
import { recordExceptions, useLoop } from '../../src/testing';
import { runNode } from '../qt/run-fixture';

const fixture = useLoop({ beforeEach, afterEach }, { autoAdvance: false, current: true });
let loop: VirtualTimeLoop;
let handled: ExceptionContext[];
let rxjsUnhandled: unknown[];
beforeEach(() => {
  loop = fixture.loop;
  handled = recordExceptions(loop);
  // RxJS's own path for unhandled errors: recorded here instead of crashing the test process.
  rxjsUnhandled = [];
  config.onUnhandledError = (error) => rxjsUnhandled.push(error);
});
afterEach(() => {
  config.onUnhandledError = null;
  setStreamErrorPolicy('report');
});

/** RxJS reports unhandled errors from a 0 ms timer: let it fire (so a wrong path shows up in rxjsUnhandled). */
function rxjsTimers(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5));
}

function messages(): string[] {
  return handled.map((c) => `${c.message}: ${(c.exception as Error).message}`);
}

test('a fromSignal subscriber that throws is reported like asyncSlot, and keeps receiving signals', async () => {
  const button = new QPushButton();
  let clicks = 0;
  fromSignal(button, 'clicked').subscribe(() => {
    clicks++;
    throw new Error(`boom ${clicks}`);
  });
  button.click();
  button.click();
  await rxjsTimers();
  expect(clicks).toBe(2);
  expect(messages()).toEqual([
    'Exception in a subscriber of fromSignal(QPushButton, "clicked"): boom 1',
    'Exception in a subscriber of fromSignal(QPushButton, "clicked"): boom 2',
  ]);
  expect(rxjsUnhandled).toEqual([]);
  button.delete();
});

test('piped streams report too: a throwing subscriber, an operator error without an error callback', async () => {
  const edit = new QLineEdit();
  fromSignal(edit, 'textChanged')
    .pipe(
      map((t) => t.toUpperCase()),
      filter((t) => t.length > 0),
    )
    .subscribe((t) => {
      throw new Error(`subscriber got ${t}`);
    });
  fromSignal(edit, 'textChanged')
    .pipe(
      map(() => {
        throw new Error('map failed');
      }),
    )
    .subscribe(() => {});
  const delivered: unknown[] = [];
  fromSignal(edit, 'textChanged')
    .pipe(
      map(() => {
        throw new Error('handled by the subscriber');
      }),
    )
    .subscribe({ error: (e) => delivered.push((e as Error).message) });
  edit.setText('ab');
  await rxjsTimers();
  expect(messages()).toEqual([
    'Exception in a subscriber of fromSignal(QLineEdit, "textChanged"): subscriber got AB',
    'Unhandled error in a stream of fromSignal(QLineEdit, "textChanged") (its subscriber has no error callback): map failed',
  ]);
  expect(delivered).toEqual(['handled by the subscriber']);
  expect(rxjsUnhandled).toEqual([]);
  edit.delete();
});

test('an error callback or complete callback that throws is reported too', async () => {
  const w = new QWidget();
  fromSignal(w, 'windowTitleChanged')
    .pipe(
      map(() => {
        throw new Error('stream failed');
      }),
    )
    .subscribe({
      error: () => {
        throw new Error('error callback failed');
      },
    });
  fromSignal(w, 'windowTitleChanged')
    .pipe(untilDestroyed(w))
    .subscribe({
      complete: () => {
        throw new Error('complete callback failed');
      },
    });
  w.setWindowTitle('x');
  w.delete();
  await rxjsTimers();
  expect(messages()).toEqual([
    'Exception in a subscriber of fromSignal(QWidget, "windowTitleChanged"): error callback failed',
    'Exception in a subscriber of untilDestroyed(QWidget): complete callback failed',
  ]);
  expect(rxjsUnhandled).toEqual([]);
});

test('fromQEvent and bindTo streams report a throwing subscriber', async () => {
  const w = new QWidget();
  fromQEvent(w, 'WindowTitleChange').subscribe(() => {
    throw new Error('qevent subscriber');
  });
  w.setWindowTitle('t');
  const label = new QLabel();
  const texts = new Subject<string>();
  texts.pipe(bindTo(label, 'setText')).subscribe(() => {
    throw new Error('after the setter');
  });
  texts.next('hello');
  await rxjsTimers();
  expect(label.text()).toBe('hello');
  expect(messages()).toEqual([
    'Exception in a subscriber of fromQEvent(QWidget, "WindowTitleChange"): qevent subscriber',
    'Exception in a subscriber of bindTo(QLabel, "setText"): after the setter',
  ]);
  expect(rxjsUnhandled).toEqual([]);
  w.delete();
  label.delete();
});

test('a failed task of fromTask or switchMapTask without an error callback is reported', async () => {
  const button = new QPushButton();
  fromTask(async function load() {
    throw new Error('load failed');
  }).subscribe((v) => v);
  fromSignal(button, 'clicked')
    .pipe(
      switchMapTask(async function save() {
        throw new Error('save failed');
      }),
    )
    .subscribe();
  button.click();
  await loop.advance(0);
  await rxjsTimers();
  expect(messages()).toEqual([
    'Unhandled error in a stream of fromTask("load") (its subscriber has no error callback): load failed',
    'Unhandled error in a stream of switchMapTask(save) (its subscriber has no error callback): save failed',
  ]);
  expect(rxjsUnhandled).toEqual([]);
  // Promise-style consumers keep their own error path.
  const awaited = expect(
    firstValueFrom(fromTask(async () => Promise.reject(new Error('awaited')))),
  ).rejects.toThrow('awaited');
  await loop.advance(0);
  await awaited;
  expect(handled).toHaveLength(2);
  button.delete();
});

test("setStreamErrorPolicy('throw') hands the error to RxJS (config.onUnhandledError here) instead", async () => {
  expect(setStreamErrorPolicy('throw')).toBe('report');
  const button = new QPushButton();
  fromSignal(button, 'clicked').subscribe(() => {
    throw new Error('fatal by choice');
  });
  button.click();
  await rxjsTimers();
  expect(handled).toEqual([]);
  expect(rxjsUnhandled.map((e) => (e as Error).message)).toEqual(['fatal by choice']);
  expect(setStreamErrorPolicy('report')).toBe('throw');
  expect(() => setStreamErrorPolicy('fatal' as never)).toThrow(RxArgumentError);
  expect(() => setStreamErrorPolicy('fatal' as never)).toThrow(
    'setStreamErrorPolicy(policy): expected "report" or "throw", got "fatal"',
  );
  button.delete();
});

describe('in a real Qt program (child process)', () => {
  const FIXTURE = join(__dirname, 'fixtures', 'subscriber-error.js');

  test('a throwing subscriber is printed by the default handler and the program lives on (exit 0)', async () => {
    const r = await runNode(FIXTURE, { killAfterMs: 60_000 });
    expect(r.stdout).toContain('ALIVE after 2 clicks');
    expect(r.stderr).toContain('Exception in a subscriber of fromSignal(QPushButton, "clicked")');
    expect(r.stderr).toContain('Error: boom in subscriber 2');
    expect(r.code).toBe(0);
  });

  test("with setStreamErrorPolicy('throw') the first error ends the program with exit 1", async () => {
    const r = await runNode(FIXTURE, { args: ['throw'], killAfterMs: 60_000 });
    expect(r.stdout).not.toContain('ALIVE');
    expect(r.stderr).toContain('Error: boom in subscriber 1');
    expect(r.code).toBe(1);
  });
});
