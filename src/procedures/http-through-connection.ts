/**
 * An HTTP call made from a host through an SSH connection to it (direct-tcpip: nothing listens
 * anywhere), shared by the HostAccess implementations: SshHostAccess (its own connections) and
 * FleetHostAccess (the fleet's).
 */
import type { Duplex } from 'node:stream';
import type { CallOptions, HttpRequest, HttpResponse } from './host-access.js';
import { describeRequest, HttpCallError, httpOverStream, urlEndpoint } from '../ssh/http-over-stream.js';

/** The part of a connection an HTTP call from the host needs. */
export interface ForwardingConnection {
  forwardOut(dstHost: string, dstPort: number): Promise<Duplex>;
}

/**
 * One HTTP request made from the host: a direct-tcpip channel through `connection` to the
 * URL's address (opened within timeoutMs), then the request over it, answered within what is
 * left of timeoutMs since `started`.
 */
export async function httpThroughConnection(connection: ForwardingConnection, request: HttpRequest, options: CallOptions, started = Date.now()): Promise<HttpResponse> {
  const { hostname, port } = urlEndpoint(request.url);
  const opening = connection.forwardOut(hostname, port);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HttpCallError(`${describeRequest(request)}: no answer within ${options.timeoutMs / 1000}s`)), options.timeoutMs);
  });
  try {
    const channel = await Promise.race([opening, timeout]);
    return await httpOverStream(channel, request, Math.max(1, options.timeoutMs - (Date.now() - started)));
  } finally {
    clearTimeout(timer);
    // Done with it either way; a channel that opens after we gave up is closed as it opens.
    opening.then((channel) => channel.destroy(), () => undefined);
  }
}
