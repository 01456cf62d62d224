/**
 * A stream server's life over real loopback sockets: serving, closing, ending its clients, and the errors of
 * its listening socket and of the program's client callback.
 */
import { CancelledError, sleep } from '../../src';
import { IoStateError, OSError, openConnection, startServer } from '../../src/io';
import { onLoop } from '../../src/testing';
import { echo, portOf } from './helpers';

describe('Server (startServer)', () => {
  it('Server: isServing, sockets, startServing, close stops accepting, waitClosed waits for clients', async () => {
    await onLoop(
      async (loop) => {
        const server = await startServer(echo, { host: '127.0.0.1', port: 0, startServing: false });
        expect(server.isServing()).toBe(false);
        expect(server.sockets).toEqual([]);
        await server.startServing();
        expect(server.isServing()).toBe(true);
        expect(server.sockets).toHaveLength(1);
        expect(server.getLoop()).toBe(loop);
        const port = portOf(server);
        const [r1, w1] = await openConnection({ host: '127.0.0.1', port });
        w1.write('x');
        expect((await r1.read(1)).toString()).toBe('x');
        server.close();
        expect(server.isServing()).toBe(false);
        let closed = false;
        const waiting = server.waitClosed().then(() => {
          closed = true;
        });
        await sleep(10);
        expect(closed).toBe(false); // a client is still connected
        await expect(openConnection({ host: '127.0.0.1', port })).rejects.toThrow();
        w1.writeEof();
        await waiting;
        expect(closed).toBe(true);
        await expect(server.startServing()).rejects.toBeInstanceOf(IoStateError);
      },
      { realTime: true, failOnException: true },
    );
  });

  it('Server: closeClients and abortClients end the connections; serveForever ends when cancelled', async () => {
    await onLoop(
      async (loop) => {
        const server = await startServer(echo, { host: '127.0.0.1', port: 0 });
        const port = portOf(server);
        const [r1] = await openConnection({ host: '127.0.0.1', port });
        const [r2] = await openConnection({ host: '127.0.0.1', port });
        await sleep(10);
        server.closeClients();
        expect((await r1.read()).length).toBe(0);
        expect((await r2.read()).length).toBe(0);
        const [r3] = await openConnection({ host: '127.0.0.1', port });
        await sleep(10);
        server.abortClients();
        expect((await r3.read()).length).toBe(0);
        const forever = loop.createTask(() => server.serveForever());
        await sleep(5);
        await expect(server.serveForever()).rejects.toBeInstanceOf(IoStateError);
        forever.cancel();
        await expect(forever).rejects.toBeInstanceOf(CancelledError);
        expect(server.isServing()).toBe(false);
        await server.waitClosed();
      },
      { realTime: true, failOnException: true },
    );
  });

  it("a listening socket's later 'error' event reaches the loop's exception handler as an OSError", async () => {
    // A real accept() failure cannot be provoked reliably (libuv absorbs EMFILE itself), so the listening
    // net.Server emits the error libuv would hand it. Without a listener, emit() would throw it.
    const seen: Record<string, unknown>[] = [];
    await onLoop(
      async (loop) => {
        loop.setExceptionHandler((_l, ctx) => seen.push(ctx as Record<string, unknown>));
        const server = await startServer(echo, { host: '127.0.0.1', port: 0 });
        const listening = server.sockets[0];
        if (listening === undefined) throw new Error('no listening socket');
        const accept = Object.assign(new Error('accept ENFILE'), {
          code: 'ENFILE',
          errno: -23,
          syscall: 'accept',
        });
        listening.emit('error', accept);
        // the server goes on accepting
        const [reader, writer] = await openConnection({ host: '127.0.0.1', port: portOf(server) });
        writer.write('still here\n');
        expect((await reader.readLine()).toString()).toBe('still here\n');
        writer.close();
        await writer.waitClosed();
        server.close();
        await server.waitClosed();
      },
      { realTime: true, failOnException: true },
    );
    expect(seen).toHaveLength(1);
    const [ctx = {}] = seen;
    expect(ctx.message).toBe('Error on a listening socket');
    expect(ctx.exception).toBeInstanceOf(OSError);
    expect((ctx.exception as OSError).code).toBe('ENFILE');
    expect((ctx.exception as OSError).cause).toBeDefined();
    expect(ctx.server).toBeDefined();
  });

  it('an exception in the client callback is reported and closes that connection', async () => {
    const seen: unknown[] = [];
    await onLoop(
      async (loop) => {
        loop.setExceptionHandler((_l, ctx) => seen.push(ctx.exception));
        const server = await startServer(
          async (r) => {
            await r.readLine();
            throw new Error('handler failed');
          },
          { host: '127.0.0.1', port: 0 },
        );
        const [reader, writer] = await openConnection({ host: '127.0.0.1', port: portOf(server) });
        writer.write('go\n');
        expect((await reader.read()).length).toBe(0);
        writer.close();
        server.close();
        await server.waitClosed();
      },
      { realTime: true, failOnException: true },
    );
    expect(seen.map((e) => (e as Error).message)).toEqual(['handler failed']);
  });
});
