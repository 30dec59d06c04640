/**
 * One HTTP request over a stream the caller opened: for perfmon, a direct-tcpip channel from
 * the SSH connection (SshConnection.forwardOut), so a URL is fetched as the host sees it and
 * no port is opened anywhere. node:http does the protocol (chunked bodies, keep-alive off);
 * https wraps the stream in TLS with normal certificate checks. The one HTTP client of perfmon:
 * procedures' health checks and admin calls, and the metrics scrapes, all go through it.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { isIP } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
export interface HttpRequest {
  /** Default GET. */
  method?: string | undefined;
  /** As seen from the host: `http://localhost:8080/health`. */
  url: string;
  headers?: Readonly<Record<string, string>> | undefined;
  body?: string | undefined;
}

export interface HttpResponse {
  status: number;
  body: string;
  headers: Record<string, string>;
}

export interface HttpOptions {
  timeoutMs: number;
  /** Larger bodies are cut there ('truncate', the default: health pages) or fail ('fail': scrapes). */
  maxBytes?: number;
  overLimit?: 'truncate' | 'fail';
}

/** Health pages and admin answers are small: by default, bodies beyond this are cut. */
const DEFAULT_MAX_BYTES = 1 << 20;

export class HttpCallError extends Error {
  constructor(
    message: string,
    options?: { cause?: unknown },
    /** What went wrong, for callers that treat a timeout or an oversized body apart. */
    readonly kind: 'connect' | 'timeout' | 'protocol' | 'too-large' = 'protocol',
  ) {
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
export function httpOverStream(stream: Duplex, request: HttpRequest, options: HttpOptions | number): Promise<HttpResponse> {
  const { timeoutMs, maxBytes = DEFAULT_MAX_BYTES, overLimit = 'truncate' } = typeof options === 'number' ? { timeoutMs: options } : options;
  const url = new URL(request.url);
  const { hostname, secure } = urlEndpoint(request.url);
  // SNI carries names only, never an IP address.
  const socket = secure ? tlsConnect({ socket: stream, ...(isIP(hostname) ? {} : { servername: hostname }) }) : stream;
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
    const timer = setTimeout(() => finish(new HttpCallError(`${what}: no answer within ${timeoutMs / 1000}s`, undefined, 'timeout')), timeoutMs);
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
        if (size + chunk.length > maxBytes && overLimit === 'fail') {
          finish(new HttpCallError(`${what}: body larger than ${maxBytes} bytes`, undefined, 'too-large'));
          return;
        }
        if (size < maxBytes) chunks.push(chunk.subarray(0, maxBytes - size));
        size += chunk.length;
      });
      res.on('error', (error) => finish(new HttpCallError(`${what}: ${error.message}`, { cause: error })));
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
        finish(undefined, { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers });
      });
    });
    req.end(body);
  });
}
