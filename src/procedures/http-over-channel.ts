/**
 * One HTTP request over a stream the caller opened: for perfmon, a direct-tcpip channel from
 * the SSH connection (SshConnection.forwardOut), so a URL is fetched as the host sees it and
 * no port is opened anywhere. node:http does the protocol (chunked bodies, keep-alive off);
 * https wraps the stream in TLS with normal certificate checks.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import type { HttpRequest, HttpResponse } from './host-access.js';

/** Bodies beyond this are cut: health pages and admin answers are small. */
const MAX_BODY_BYTES = 1 << 20;

export class HttpCallError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HttpCallError';
  }
}

/** `GET http://…` for messages. */
export function describeRequest(request: HttpRequest): string {
  return `${request.method ?? 'GET'} ${request.url}`;
}

/** Host and port a URL connects to (the default port of its scheme when it names none). */
export function urlEndpoint(url: string): { hostname: string; port: number; secure: boolean } {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new HttpCallError(`${url}: only http and https URLs can be fetched`);
  const secure = parsed.protocol === 'https:';
  // URL keeps IPv6 literals in brackets; a socket wants them bare.
  const hostname = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  return { hostname, port: parsed.port === '' ? (secure ? 443 : 80) : Number(parsed.port), secure };
}

/** Sends the request over `stream` (which it then owns and destroys) and reads the answer. */
export function httpOverStream(stream: Duplex, request: HttpRequest, timeoutMs: number): Promise<HttpResponse> {
  const url = new URL(request.url);
  const { hostname, secure } = urlEndpoint(request.url);
  const socket = secure ? tlsConnect({ socket: stream, servername: hostname }) : stream;
  const what = describeRequest(request);
  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, response?: HttpResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      stream.destroy();
      if (error) reject(error);
      else resolve(response!);
    };
    const timer = setTimeout(() => finish(new HttpCallError(`${what}: no answer within ${timeoutMs / 1000}s`)), timeoutMs);
    const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
    const req = httpRequest({
      method: request.method ?? 'GET',
      host: hostname,
      path: `${url.pathname}${url.search}`,
      headers: {
        host: url.host,
        connection: 'close',
        ...(body === undefined ? {} : { 'content-length': String(body.length) }),
        ...request.headers,
      },
      // The stream is already connected; node:http only speaks over it.
      createConnection: () => socket as never,
    });
    req.on('error', (error) => finish(new HttpCallError(`${what}: ${error.message}`, { cause: error })));
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_BODY_BYTES) chunks.push(chunk.subarray(0, MAX_BODY_BYTES - size));
        size += chunk.length;
      });
      res.on('error', (error) => finish(new HttpCallError(`${what}: ${error.message}`, { cause: error })));
      res.on('end', () => finish(undefined, { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.end(body);
  });
}
