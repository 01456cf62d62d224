// Call graphs of tasks waiting on Qt signals and streams, on real NodeGui widgets (offscreen).
import '../../src/qt';
import { QPushButton } from '@nodegui/nodegui';
import { Subject } from 'rxjs';
import { allTasks, captureCallGraph, EventLoop, formatCallGraph, sleep } from '../../src/index';
import { fromTask, nextSignal, switchMapTask } from '../../src/rx';

describe('call graphs through qtasyncio/rx', () => {
  test('a task awaiting nextSignal shows "awaiting signal clicked of QPushButton#save"', async () => {
    const loop = new EventLoop();
    const button = new QPushButton();
    button.setObjectName('save');
    await loop.runUntilComplete(async () => {
      const saver = loop.createTask(() => nextSignal(button, 'clicked'), { name: 'saver' });
      const waiting = loop.createTask(async () => await saver, { name: 'ui' });
      await sleep(0);
      expect(captureCallGraph(saver)?.awaiting).toEqual(['signal clicked of QPushButton#save']);
      expect(formatCallGraph(waiting)).toContain('+ Awaiting: Task "saver"');
      button.click();
      await waiting;
    });
    loop.close();
  });

  test('a task turned into an Observable is awaited by its subscriber', async () => {
    const loop = new EventLoop();
    await loop.runUntilComplete(async () => {
      const job = loop.createTask(() => sleep(5, 'done'), { name: 'job' });
      const values: string[] = [];
      const sub = fromTask(job).subscribe((v) => values.push(v));
      expect(captureCallGraph(job)?.otherAwaiters).toEqual(['an Observable subscriber (fromTask)']);
      await job;
      await sleep(0);
      expect(values).toEqual(['done']);
      sub.unsubscribe();
    });
    loop.close();
  });

  test("a task of a task operator (switchMapTask) is awaited by the operator's subscriber", async () => {
    const loop = new EventLoop();
    await loop.runUntilComplete(async () => {
      const source = new Subject<number>();
      const results: string[] = [];
      const sub = source
        .pipe(switchMapTask((n: number) => sleep(5, `r${n}`), { name: 'search', loop }))
        .subscribe((r) => results.push(r));
      source.next(1);
      await sleep(0);
      const task = [...allTasks(loop)].find((t) => t.getName() === 'search');
      expect(captureCallGraph(task)?.otherAwaiters).toEqual(['an Observable subscriber (switchMapTask)']);
      await sleep(10);
      expect(results).toEqual(['r1']);
      sub.unsubscribe();
    });
    loop.close();
  });
});
