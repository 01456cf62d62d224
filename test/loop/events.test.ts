import {
  EventLoop,
  getEventLoop,
  getRunningLoop,
  LoopArgumentError,
  NoCurrentLoopError,
  NoRunningLoopError,
  newEventLoop,
  setEventLoop,
  VirtualTimeLoop,
} from '../../src';

afterEach(() => setEventLoop(null));

describe('loop management', () => {
  it('getRunningLoop throws outside a running loop and returns it inside', async () => {
    expect(() => getRunningLoop()).toThrow(NoRunningLoopError);
    expect(() => getRunningLoop()).toThrow('getRunningLoop(): no event loop is running');
    const loop = new VirtualTimeLoop();
    const seen = await loop.runUntilComplete(async () => getRunningLoop());
    expect(seen).toBe(loop);
    expect(() => getRunningLoop()).toThrow(NoRunningLoopError);
  });

  it('getEventLoop: the running loop, else the set one; after setEventLoop(null) an error', async () => {
    setEventLoop(null);
    expect(() => getEventLoop()).toThrow(NoCurrentLoopError);
    const mine = new VirtualTimeLoop();
    setEventLoop(mine);
    expect(getEventLoop()).toBe(mine);
    const other = new VirtualTimeLoop();
    const inside = await other.runUntilComplete(async () => getEventLoop());
    expect(inside).toBe(other);
    setEventLoop(null);
    expect(await other.runUntilComplete(async () => getEventLoop())).toBe(other);
  });

  it('newEventLoop returns a fresh loop that is not current; setEventLoop checks its argument', () => {
    const a = newEventLoop();
    expect(a).toBeInstanceOf(EventLoop);
    expect(newEventLoop()).not.toBe(a);
    expect(() => setEventLoop({} as never)).toThrow(LoopArgumentError);
    expect(() => setEventLoop({} as never)).toThrow(
      'setEventLoop(loop): expected an EventLoop or null, got {}',
    );
  });
});
