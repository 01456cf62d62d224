'use strict';
// The app side of test/e2e/harness.ts, preloaded into every app it launches (`node -r …/harness-hook.js`, with
// QTASYNCIO_E2E=1), so that examples carry no test machinery: an example only calls
//
//   const report = globalThis.qtasyncioE2E?.attach(win, (rect) => ({ text: label.text(), go: rect(button) }));
//   report?.('answered');   // prints `STATE {"event":"answered","window":{…},"text":…,"go":{x,y,width,height}}`
//
// After attach(), stdin commands are obeyed: `state`, `screenshot PATH [x y width height]` (grabbed from the X
// server's root window: what a person sees, dialogs included; default area: the window) and `quit`.
// Without QTASYNCIO_E2E=1 (or without this preload) `globalThis.qtasyncioE2E` is undefined.

if (process.env.QTASYNCIO_E2E === '1') {
  let attached = false;
  globalThis.qtasyncioE2E = {
    /**
     * Start reporting on `win`: `describe(rect)` returns what the window shows (read from its widgets) and the
     * screen rectangles of the widgets a test clicks (`rect(widget)`). Returns `report(event, extra)`.
     */
    attach(win, describe) {
      // The app's own NodeGui, already loaded: resolved from the app's script, which may live in another project
      // (the packaging test) — a second copy of NodeGui in one process would be a second Qt addon.
      const appRequire = require('node:module').createRequire(require('node:path').resolve(process.argv[1]));
      const { QApplication, QPoint } = appRequire('@nodegui/nodegui');
      const rect = (widget) => {
        if (widget == null || widget.native == null) return null;
        const p = widget.mapToGlobal(new QPoint(0, 0));
        return { x: p.x(), y: p.y(), width: widget.width(), height: widget.height() };
      };
      const report = (event, extra = {}) => {
        if (win.native == null) return;
        console.log(`STATE ${JSON.stringify({ event, window: rect(win), ...describe(rect), ...extra })}`);
      };
      if (attached) return report;
      attached = true;
      require('node:readline')
        .createInterface({ input: process.stdin })
        .on('line', (line) => {
          const [command, path = 'screenshot.png', ...box] = line.trim().split(' ');
          if (command === 'state') report('state');
          else if (command === 'quit') QApplication.instance().exit(0);
          else if (command === 'screenshot') {
            const r = rect(win) ?? { x: 0, y: 0, width: 0, height: 0 };
            const [x, y, width, height] = box.length === 4 ? box.map(Number) : [r.x, r.y, r.width, r.height];
            // Window id 0: the X root window (NodeGui wants the id as a bigint).
            const pixmap = QApplication.primaryScreen()?.grabWindow(BigInt(0), x, y, width, height);
            report('screenshot', { path, saved: pixmap?.save(path, 'PNG') === true });
          }
        });
      return report;
    },
  };
}
