// The hang guards of the child-process helpers: a child that hangs is killed and the test fails saying so, with
// the child's output — never with a bare `null` exit code.
import { spawn } from 'node:child_process';
import { E2EApp } from '../e2e/harness';
import { HangGuardError } from '../helpers/hangGuard';
import { run } from './run-fixture';

const HANGS = "console.log('started, now hanging'); console.error('on stderr'); setInterval(() => {}, 1000);";

test('run(): a child killed by the hang guard rejects with "killed after N ms by the hang guard" and its output', async () => {
  const result = run(process.execPath, ['-e', HANGS], { killAfterMs: 300 });
  await expect(result).rejects.toBeInstanceOf(HangGuardError);
  await expect(result).rejects.toThrow(/killed after \d+ ms by the hang guard/);
  await expect(result).rejects.toThrow(/stdout:\nstarted, now hanging\n[\s\S]*stderr:\non stderr/);
});

test('E2EApp: `exited` and `dispose()` reject the same way, and the X server is still stopped', async () => {
  const child = spawn(process.execPath, ['-e', HANGS], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stopped = false;
  const stop = async (): Promise<void> => {
    stopped = true;
  };
  const app = new E2EApp(child, { display: ':0', stop }, 300);
  await expect(app.exited).rejects.toThrow(/killed after \d+ ms by the hang guard\nstdout:\nstarted/);
  await expect(app.dispose()).rejects.toBeInstanceOf(HangGuardError);
  expect(stopped).toBe(true);
});
