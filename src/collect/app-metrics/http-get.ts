/**
 * An HTTP/1.1 GET over a stream we already have (an SSH direct-tcpip channel), with node:http
 * doing the protocol (chunked bodies, keep-alive headers, status line) and TLS layered on the
 * stream for https. One request per stream: the channel is closed when the answer is read.
 */
import { request } from 'node:http';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import type { HttpGetOptions, HttpTarget } from './transport.js';

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A GET that failed before a status came back (refused, timed out, TLS, body too large). */
export class HttpGetError extends Error {
  constructor(
    message: string,
    readonly kind: 'connect' | 'timeout' | 'protocol' | 'too-large',
  ) {
    super(message);
    this.name = 'HttpGetError';
  }
}

const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

export function urlOf(target: HttpTarget): string {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return `${target.scheme}://${host}:${target.port}${target.path}`;
}

export async function httpGetOverStream(
  open: () => Promise<Duplex>,
  target: HttpTarget,
  options: HttpGetOptions & { hostLabel: string },
): Promise<HttpResponse> {
  const where = `${options.hostLabel}: GET ${urlOf(target)}`;
  const deadline = Date.now() + options.timeoutMs;
  let stream: Duplex;
  const opening = open();
  try {
    stream = await withTimeout(opening, options.timeoutMs, () => new HttpGetError(`${where}: no connection after ${options.timeoutMs} ms`, 'timeout'));
  } catch (err) {
    // A channel that opens after we gave up must not stay open.
    opening.then((late) => late.destroy(), () => undefined);
    if (err instanceof HttpGetError) throw err;
    throw new HttpGetError(`${where}: cannot connect: ${(err as Error).message}`, 'connect');
  }
  const socket = target.scheme === 'https' ? tlsConnect({ socket: stream as never, servername: sniName(target.host) }) : stream;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | null, value?: HttpResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      stream.destroy();
      if (err) reject(err);
      else resolve(value!);
    };
    const timer = setTimeout(
      () => finish(new HttpGetError(`${where}: no complete answer after ${options.timeoutMs} ms`, 'timeout')),
      Math.max(1, deadline - Date.now()),
    );
    const req = request(
      {
        createConnection: () => socket as never,
        method: 'GET',
        host: target.host,
        port: target.port,
        path: target.path,
        headers: { Host: hostHeader(target), Connection: 'close', ...options.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) finish(new HttpGetError(`${where}: body larger than ${maxBytes} bytes`, 'too-large'));
          else chunks.push(chunk);
        });
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
          finish(null, { status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', (err) => finish(new HttpGetError(`${where}: ${err.message}`, 'protocol')));
      },
    );
    req.on('error', (err) => finish(new HttpGetError(`${where}: ${err.message}`, 'protocol')));
    req.end();
  });
}

function hostHeader(target: HttpTarget): string {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  const usual = target.scheme === 'https' ? 443 : 80;
  return target.port === usual ? host : `${host}:${target.port}`;
}

/** SNI takes names, not IP addresses. */
function sniName(host: string): string | undefined {
  return /^[\d.]+$/.test(host) || host.includes(':') ? undefined : host;
}

async function withTimeout<T>(promise: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(error()), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
