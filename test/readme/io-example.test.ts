// The README's qtasyncio/io example, run as written (console.log replaced by a collector).
import { run } from '../../src';
import { createSubprocessExec, type InetAddress, openConnection, PIPE, startServer } from '../../src/io';

test('README io example: an upper-casing line server, a client, and a child process', async () => {
  const printed: unknown[][] = [];
  const console = { log: (...args: unknown[]) => printed.push(args) };
  await run(
    async () => {
      const server = await startServer(
        async (reader, writer) => {
          for await (const line of reader) writer.write(line.toString().toUpperCase()); // lines, with '\n'
          writer.close();
        },
        { host: '127.0.0.1', port: 0 },
      );
      const [, port] = server.addresses()[0] as InetAddress; // [host, port] of the first listening socket
      const [reader, writer] = await openConnection({ host: '127.0.0.1', port });
      writer.write('hello\n');
      await writer.drain(); // real backpressure
      console.log((await reader.readline()).toString()); // 'HELLO\n'
      writer.close();
      await writer.waitClosed();
      server.close();
      await server.waitClosed();

      const child = await createSubprocessExec(process.execPath, ['-e', 'console.log(6 * 7)'], {
        stdout: PIPE,
      });
      const [out] = await child.communicate();
      console.log(child.returncode, out?.toString()); // 0 '42\n' (out: stdout was a PIPE)
    },
    { keepRunning: false },
  );
  expect(printed).toEqual([['HELLO\n'], [0, '42\n']]);
});
