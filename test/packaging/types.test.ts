// The published type declarations (dist/**/*.d.ts) as a user's compiler sees them: complete (no reference to a
// declaration that is missing — the build strips `@internal` declarations, so nothing public may name one),
// strict-clean with skipLibCheck off, and usable through the package's exports.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/built';

const consumer = `
import { CancelledError, EventLoop, gather, Queue, run, sleep, TaskGroup, toThread, VirtualTimeLoop } from 'qtasyncio';
import { bridgeState, NoDisplayError } from 'qtasyncio/qt';
import { fromSignal, loopScheduler, switchMapTask } from 'qtasyncio/rx';
import { openConnection, startServer, type StreamReader } from 'qtasyncio/io';
import { captureLog, onLoop, recordExceptions, useLoop } from 'qtasyncio/testing';

async function main(): Promise<number> {
  const loop: EventLoop = new VirtualTimeLoop();
  const q = new Queue<number>({ maxSize: 1 });
  const [a, b] = await gather(sleep(1, 'a'), sleep(2, 2));
  const s: string = a;
  const n: number = b;
  await TaskGroup.run(async (tg) => tg.createTask(async () => q.put(n)));
  const doubled: number = await toThread((x: number) => x * 2, n);
  const reader: StreamReader | null = null;
  void [loop, s, doubled, reader, openConnection, startServer, fromSignal, loopScheduler, switchMapTask, bridgeState];
  const t: number = await onLoop(async (l) => l.time());
  void [t, captureLog, recordExceptions(loop), useLoop];
  return new CancelledError() instanceof Error && new NoDisplayError() instanceof Error ? 0 : 1;
}
void run(main, { keepRunning: false });
`;

test('dist/ type declarations are complete and type-check strictly from a consumer', () => {
  const dir = join(ROOT, 'test-output', 'types-check');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'consumer.ts'), consumer);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        exactOptionalPropertyTypes: true,
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        lib: ['es2022', 'esnext.disposable'],
        types: ['node'],
        typeRoots: [join(ROOT, 'node_modules', '@types')],
      },
      files: ['consumer.ts'],
      // every emitted declaration file, also those no entry point reaches
      include: [join(ROOT, 'dist', '**', '*.d.ts')],
    }),
  );
  const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', dir], { cwd: dir, encoding: 'utf8' });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
});
