/**
 * Name resolution: loop.getaddrinfo / loop.getnameinfo (the system resolver; loopback names only).
 */
import { GaiError, IoArgumentError, SOCK_DGRAM, SOCK_STREAM } from '../../src/io';
import { onLoop } from '../../src/testing';

describe('getaddrinfo / getnameinfo', () => {
  it('resolves an IP literal and localhost into socket addresses per socket type', async () => {
    await onLoop(
      async (loop) => {
        const infos = await loop.getaddrinfo('127.0.0.1', 8080);
        expect(infos).toEqual([
          { family: 4, type: SOCK_STREAM, proto: 6, canonname: '', sockaddr: ['127.0.0.1', 8080] },
          { family: 4, type: SOCK_DGRAM, proto: 17, canonname: '', sockaddr: ['127.0.0.1', 8080] },
        ]);
        const local = await loop.getaddrinfo('localhost', null, { type: SOCK_STREAM, family: 4 });
        expect(local.length).toBeGreaterThan(0);
        expect(local.every((i) => i.type === SOCK_STREAM && i.family === 4 && i.sockaddr[1] === 0)).toBe(
          true,
        );
      },
      { realTime: true, failOnException: true },
    );
  });

  it('getnameinfo gives [host, service]', async () => {
    await onLoop(
      async (loop) => {
        const [host, service] = await loop.getnameinfo(['127.0.0.1', 22]);
        expect(typeof host).toBe('string');
        expect(host.length).toBeGreaterThan(0);
        expect(typeof service).toBe('string');
      },
      { realTime: true, failOnException: true },
    );
  });

  it('unknown names are GaiError; bad arguments are IoArgumentError', async () => {
    await onLoop(
      async (loop) => {
        await expect(loop.getaddrinfo('no-such-host.invalid', 80)).rejects.toBeInstanceOf(GaiError);
        await expect(loop.getaddrinfo('bad host', 80)).rejects.toBeInstanceOf(IoArgumentError);
        await expect(loop.getaddrinfo('localhost', 80, { family: 5 as never })).rejects.toThrow(
          'getaddrinfo(options.family): expected one of 0, 4, 6, got 5',
        );
        await expect(loop.getnameinfo(['localhost', 80])).rejects.toThrow(
          'getnameinfo(sockaddr): expected an IP address as host, got "localhost"',
        );
      },
      { realTime: true, failOnException: true },
    );
  });
});
