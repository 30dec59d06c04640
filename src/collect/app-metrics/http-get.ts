/**
 * A metrics scrape: an HTTP/1.1 GET over a stream opened on demand (an SSH direct-tcpip
 * channel), with a deadline covering the channel's opening, and bodies over the limit refused
 * (an exporter's page can be large; a cut one would parse wrongly).
 */
import type { Duplex } from 'node:stream';
import { HttpCallError, httpOverStream, type HttpResponse } from '../../ssh/http-over-stream.js';
import type { HttpGetOptions, HttpTarget } from './transport.js';

export type { HttpResponse };

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
  try {
    // The request itself is the one HTTP client of perfmon (src/ssh/http-over-stream.ts).
    return await httpOverStream(
      stream,
      { url: urlOf(target), headers: { host: hostHeader(target), ...options.headers } },
      { timeoutMs: Math.max(1, deadline - Date.now()), maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES, overLimit: 'fail' },
    );
  } catch (err) {
    // The request got what was left of the deadline; the operator is told the whole of it.
    if (err instanceof HttpCallError && err.kind === 'timeout') throw new HttpGetError(`${where}: no answer within ${options.timeoutMs / 1000}s`, 'timeout');
    if (err instanceof HttpCallError) throw new HttpGetError(`${options.hostLabel}: ${err.message}`, err.kind);
    throw err;
  }
}

function hostHeader(target: HttpTarget): string {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  const usual = target.scheme === 'https' ? 443 : 80;
  return target.port === usual ? host : `${host}:${target.port}`;
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
