// The `minimal` example on a real X11 server: xdotool clicks "What is the question?", the Task awaits a
// one-second sleep on the loop, then the label shows the question.
import { CRASH_PATTERN } from '../qt/run-fixture';
import { type AppState, launchExample, type Rect } from './harness';

test('minimal: a real click starts a Task; after its await the label shows the question', async () => {
  const app = await launchExample('minimal', { title: 'qtasyncio minimal' });
  try {
    const shown: AppState = await app.state();
    expect(shown.text).toBe('The answer is 42.');
    const trigger = shown.trigger as Rect & { text: string };
    expect(trigger.text).toBe('What is the question?');

    await app.click(trigger);
    await app.waitForState((s) => s.event === 'clicked', { what: 'the click' });
    // The label changes only after the Task's await: right after the click it still shows the answer.
    const answered = await app.waitForState((s) => s.event === 'answered', { what: 'the answer' });
    expect(answered.text).toBe('What do you get if you multiply six by nine?');
    const clickedAt = app.states.findIndex((s) => s.event === 'clicked');
    expect(app.states[clickedAt]?.text).toBe('The answer is 42.');

    const png = await app.screenshot('minimal');
    expect(png.width).toBe(shown.window?.width);
    expect(png.height).toBe(shown.window?.height);

    const result = await app.quit();
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(CRASH_PATTERN);
  } finally {
    await app.dispose();
  }
});
