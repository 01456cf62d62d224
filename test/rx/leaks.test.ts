// Leaks: 1e5 subscribe/unsubscribe cycles on one widget leave no listener behind and grow the heap < 5 MB.
import '../../src/qt';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { QPushButton, QWidget } from '@nodegui/nodegui';
import { VirtualTimeLoop } from '../../src/index';
import { fromQEvent, fromSignal, listenerCount, nextSignal } from '../../src/rx';
import { _watchedObjectCount } from '../../src/rx/objectLifetime';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function cycles(n: number, button: QPushButton, loop: VirtualTimeLoop): number {
  let received = 0;
  for (let i = 0; i < n; i++) {
    const sub = fromSignal(button, 'clicked').subscribe(() => received++);
    if (i % 1000 === 0) button.click();
    sub.unsubscribe();
    if (i % 5 === 0) {
      fromQEvent(button, 'Resize').subscribe().unsubscribe();
      nextSignal(button, 'pressed', { loop }).cancel();
    }
  }
  return received;
}

test('1e5 subscribe/unsubscribe cycles: no listener left, heap growth < 5 MB', () => {
  const loop = new VirtualTimeLoop({ autoAdvance: false });
  const button = new QPushButton();
  cycles(10_000, button, loop); // warm up the JIT and NodeGui's maps
  const before = heapAfterGc();
  const received = cycles(100_000, button, loop);
  const growth = heapAfterGc() - before;
  expect(received).toBe(100);
  expect(listenerCount(button)).toBe(0);
  expect(_watchedObjectCount()).toBe(0);
  expect(growth).toBeLessThan(5 * 1024 * 1024);
  button.delete();
  loop.close();
}, 120_000);

test('destroyed widgets never get a call after destruction', () => {
  const parent = new QWidget();
  const children = Array.from({ length: 50 }, () => new QPushButton(parent));
  let calls = 0;
  let completions = 0;
  for (const c of children) {
    fromSignal(c, 'clicked').subscribe({ next: () => calls++, complete: () => completions++ });
  }
  children[0]?.click();
  parent.delete();
  expect(calls).toBe(1);
  expect(completions).toBe(50);
  for (const c of children) expect(listenerCount(c)).toBe(0);
  expect(_watchedObjectCount()).toBe(0);
});
