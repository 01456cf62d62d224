// @nodegui/nodegui loaded before qtasyncio/qt: Node's raw `undefined symbol: _ZN4qode9qode_argvE` is recognised
// and explained by NodeGuiLoadOrderError (what to do: load qtasyncio/qt first, or `node -r qtasyncio/qt`).
import { NodeGuiLoadOrderError } from '../../src/qt/errors';
import { run } from './run-fixture';

/** Node's own error for NodeGui's addon loaded first, from a real child process. */
async function nodeGuiFirstError(): Promise<Error> {
  const result = await run(process.execPath, [
    '-e',
    "try { require('@nodegui/nodegui'); } catch (e) { console.log(JSON.stringify({ message: e.message, code: e.code })); }",
  ]);
  const { message, code } = JSON.parse(result.stdout) as { message: string; code: string };
  return Object.assign(new Error(message), { code });
}

test('Node’s ERR_DLOPEN_FAILED for NodeGui loaded first is recognised and explained', async () => {
  const raw = await nodeGuiFirstError();
  expect(raw.message).toContain('undefined symbol: _ZN4qode');
  expect(NodeGuiLoadOrderError.is(raw)).toBe(true);
  const error = new NodeGuiLoadOrderError(raw);
  expect(error.name).toBe('NodeGuiLoadOrderError');
  expect(error.cause).toBe(raw);
  expect(error.message).toContain(
    'Load qtasyncio/qt before @nodegui/nodegui (or run with `node -r qtasyncio/qt`',
  );
});

test('other load failures are not taken for it', () => {
  expect(NodeGuiLoadOrderError.is(new Error('libQt6Core.so.6: cannot open shared object file'))).toBe(false);
  expect(NodeGuiLoadOrderError.is('undefined symbol: _ZN4qode9qode_argvE')).toBe(false);
});

test('with qtasyncio/qt loaded first (or preloaded with -r) the same program works', async () => {
  const result = await run(process.execPath, [
    '-r',
    'qtasyncio/qt',
    '-e',
    "const { QLabel } = require('@nodegui/nodegui'); console.log(typeof QLabel);",
  ]);
  expect(result.stdout).toContain('function');
  expect(result.code).toBe(0);
});
