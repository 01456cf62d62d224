// The one name TSDoc examples may use without declaring it (CONTRIBUTING.md, "Style"): `loop`, the event loop
// the example runs on — what `getRunningLoop()` returns inside a task. Every other name an example uses comes
// from its own imports or `declare` lines. test/docs/examples.test.ts compiles the examples with this file.
import type { EventLoop } from 'qtasyncio';

declare global {
  /** The loop the example runs on. */
  const loop: EventLoop;
}
