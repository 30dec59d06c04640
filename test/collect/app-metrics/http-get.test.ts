import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { httpGetOverStream, HttpGetError } from '../../../src/collect/app-metrics/index.js';

// A real HTTP server on loopback; the "channel" is a plain TCP socket to it, as a forwarded SSH channel would be.
let server: Server;
let port: number;
const seen: Array<Record<string, string | string[] | undefined>> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers);
    if (req.url === '/chunked') {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
      res.write('a 1\n');
      setTimeout(() => res.end('b 2\n'), 20);
    } else if (req.url === '/slow') {
      // never answers
    } else if (req.url === '/big') {
      res.end('x'.repeat(5000));
    } else {
      res.writeHead(406);
      res.end('Not Acceptable');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const open = () => Promise.resolve(connect(port, '127.0.0.1'));
const target = (path: string) => ({ scheme: 'http' as const, host: '127.0.0.1', port, path });

describe('HTTP/1.1 GET over a stream', () => {
  test('a chunked body arrives whole, with status, headers, Host and our Accept', async () => {
    const r = await httpGetOverStream(open, target('/chunked'), { timeoutMs: 5000, headers: { Accept: 'text/plain' }, hostLabel: 'h1' });
    expect(r).toMatchObject({ status: 200, body: 'a 1\nb 2\n' });
    expect(r.headers['content-type']).toBe('text/plain; version=0.0.4');
    expect(seen.at(-1)).toMatchObject({ host: `127.0.0.1:${port}`, accept: 'text/plain', connection: 'close' });
  });

  test('a non-200 status comes back as such (the scraper turns it into an error)', async () => {
    expect(await httpGetOverStream(open, target('/x'), { timeoutMs: 5000, hostLabel: 'h1' })).toMatchObject({ status: 406, body: 'Not Acceptable' });
  });

  test('no answer in time: a timeout naming host and URL', async () => {
    const err = await httpGetOverStream(open, target('/slow'), { timeoutMs: 200, hostLabel: 'h1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpGetError);
    expect(err).toMatchObject({ kind: 'timeout', message: `h1: GET http://127.0.0.1:${port}/slow: no answer within 0.2s` });
  });

  test('a body over the limit is refused; a channel that cannot open is a connect error', async () => {
    await expect(httpGetOverStream(open, target('/big'), { timeoutMs: 5000, maxBytes: 1000, hostLabel: 'h1' })).rejects.toMatchObject({ kind: 'too-large' });
    const refused = () => Promise.reject(new Error('open failed: connection refused'));
    await expect(httpGetOverStream(refused, target('/'), { timeoutMs: 5000, hostLabel: 'h1' })).rejects.toMatchObject({
      kind: 'connect',
      message: `h1: GET http://127.0.0.1:${port}/: cannot connect: open failed: connection refused`,
    });
  });
});
