import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpCallError, httpOverStream, urlEndpoint } from '../../src/ssh/http-over-stream.js';

let server: Server;
let port: number;
const received: Array<{ method: string; url: string; body: string; headers: Record<string, unknown> }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', body, headers: req.headers });
      if (req.url === '/silent') return; // never answers
      if (req.url === '/chunked') {
        res.writeHead(200);
        res.write('part 1, ');
        res.end('part 2');
        return;
      }
      res.writeHead(req.method === 'DELETE' ? 204 : 201, { 'content-type': 'text/plain' }).end(req.method === 'DELETE' ? undefined : `got ${body}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => server.close());

/** A connected TCP socket: the stream an SSH channel would be. */
function stream() {
  return new Promise<ReturnType<typeof connect>>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
  });
}

describe('httpOverStream', () => {
  it('sends the method, headers and body, and reads status and body (chunked too)', async () => {
    const url = `http://localhost:${port}/admin/throttle?rate=5`;
    const posted = await httpOverStream(await stream(), { method: 'POST', url, body: 'a=1', headers: { 'x-operator': 'op' } }, 2000);
    expect(posted).toMatchObject({ status: 201, body: 'got a=1' });
    expect(received.at(-1)).toMatchObject({ method: 'POST', url: '/admin/throttle?rate=5', body: 'a=1' });
    expect(received.at(-1)!.headers).toMatchObject({ host: `localhost:${port}`, 'x-operator': 'op', 'content-length': '3', connection: 'close' });
    expect(await httpOverStream(await stream(), { method: 'DELETE', url }, 2000)).toMatchObject({ status: 204, body: '' });
    expect(await httpOverStream(await stream(), { url: `http://localhost:${port}/chunked` }, 2000)).toMatchObject({ status: 200, body: 'part 1, part 2' });
  });

  it('gives up on a server that does not answer, saying what and how long', async () => {
    const error = await httpOverStream(await stream(), { url: `http://localhost:${port}/silent` }, 150).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpCallError);
    expect((error as Error).message).toBe(`GET http://localhost:${port}/silent: no answer within 0.15s`);
  });
});

describe('urlEndpoint', () => {
  it('finds where a URL connects, default ports and IPv6 included', () => {
    expect(urlEndpoint('http://localhost/health')).toEqual({ hostname: 'localhost', port: 80, secure: false });
    expect(urlEndpoint('https://[::1]:8443/x')).toEqual({ hostname: '::1', port: 8443, secure: true });
    expect(() => urlEndpoint('ftp://x/')).toThrow('ftp://x/: only http and https URLs can be fetched');
  });
});
