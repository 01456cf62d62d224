// What a Qt program loads up to its first loop iteration (the startup bench's program: `qtasyncio/qt`, a
// QApplication and a shown window, one iteration of `qtasyncio`'s loop): the loop core and NodeGui, not the
// areas it does not use (executors, sync, concurrency, io, rx and their packages) nor child_process, which
// `qtasyncio/qt` needs only to probe a doubtful X display. Runs the built package (npm run build).
import { assertBuilt } from '../helpers/built';
import { run } from './run-fixture';

beforeAll(() => assertBuilt('dist/index.js', 'dist/qt/index.js'));

const PROGRAM = `
  require('qtasyncio/qt');
  const { QApplication, QMainWindow } = require('@nodegui/nodegui');
  QApplication.instance();
  const win = new QMainWindow();
  win.show();
  require('qtasyncio').getEventLoop().runUntilComplete(async () => {
    const areas = [...new Set(Object.keys(require.cache)
      .map((f) => /[\\\\/]dist[\\\\/](executor|sync|concurrency|io|rx)[\\\\/]/.exec(f)?.[1])
      .filter(Boolean))];
    const packages = ['rxjs', 'piscina'].filter((p) => Object.keys(require.cache).some((f) => f.includes(p)));
    const builtins = ['child_process'].filter((m) => process.moduleLoadList.includes('NativeModule ' + m));
    console.log(JSON.stringify({ areas, packages, builtins }));
  }).then(() => process.exit(0));
`;

test('qtasyncio/qt + QApplication + window + first iteration load no unused area, package or child_process', async () => {
  const result = await run(process.execPath, ['-e', PROGRAM]);
  if (result.code !== 0)
    throw new Error(`exited with ${result.code ?? result.signal}:\n${result.stdout}\n${result.stderr}`);
  expect(JSON.parse(result.stdout)).toEqual({ areas: [], packages: [], builtins: [] });
});
