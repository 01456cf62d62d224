// NodeGui loaded inside the Jest process itself (later issues test real widgets this way). That such a Jest
// process also ends cleanly is checked by test/qt/jest-exit.test.ts (a child Jest on test/fixtures/qt/jest).
// qtasyncio/qt must load before NodeGui: the side-effect import keeps import sorting from reordering them.
import '../../src/qt';
import { QApplication, QWidget, WidgetEventTypes } from '@nodegui/nodegui';
import { bridgeState } from '../../src/qt';
import { buildWindowTree } from '../fixtures/qt/jest/window-tree';

describe('NodeGui inside Jest', () => {
  test('a click reaches the listener; the window is tracked but Jest keeps control of the process', () => {
    const { win, button, clicks } = buildWindowTree();
    win.show();
    button.click();
    expect(clicks()).toBe(1);
    // Inside Jest the runner owns the process: the bridge tracks the window but does not keep the process alive.
    expect(bridgeState()).toMatchObject({
      ownsProcess: false,
      started: true,
      keepingAlive: false,
      hasPrimaryWindow: true,
      runLoopInjected: true,
    });
    win.hide();
  });

  test('a Qt timer fires through the bridge while the test awaits', async () => {
    const widget = new QWidget();
    let ticks = 0;
    const id = widget.startTimer(10);
    await new Promise<void>((resolve) => {
      widget.addEventListener(WidgetEventTypes.Timer, () => {
        ticks += 1;
        if (ticks === 3) resolve();
      });
    });
    widget.killTimer(id);
    expect(ticks).toBe(3);
  });

  test('closing the last window emits lastWindowClosed and leaves the process to Jest', async () => {
    let emitted = 0;
    QApplication.instance().addEventListener('lastWindowClosed', () => {
      emitted += 1;
    });
    const { win } = buildWindowTree();
    win.show();
    win.close();
    // Like Qt inside exec(): emitted synchronously while close() hides the last window.
    expect(emitted).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(emitted).toBe(1);
    expect(bridgeState()).toMatchObject({ hasPrimaryWindow: false, keepingAlive: false });
    // Were the bridge to quit here, process.exit would have ended this Jest run.
  });
});
