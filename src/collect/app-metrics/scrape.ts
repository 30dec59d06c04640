/**
 * One scrape of a Prometheus endpoint through a host's transport: fetched with the Accept
 * header scrapers must use (RabbitMQ 406s an OpenMetrics-only one), parsed, timed.
 */
import type { MetricsEndpoint } from '../../config/inventory-schema.js';
import { EXPOSITION_ACCEPT, parseExposition } from '../prometheus/index.js';
import type { ParseResult } from '../prometheus/types.js';
import { urlOf } from './http-get.js';
import type { Transport } from './transport.js';

export interface Scrape {
  host: string;
  /** As written in the inventory (`localhost:9404/metrics`). */
  endpoint: string;
  /** Unix ms when the request was sent: the sample time of everything in it. */
  timeMs: number;
  durationMs: number;
  bytes: number;
  result: ParseResult;
  /** The full text of the lines the parser rejected (its errors cut them at 200 characters). */
  rejected: string[];
}

export class ScrapeError extends Error {
  constructor(
    message: string,
    readonly host: string,
    readonly endpoint: string,
  ) {
    super(message);
    this.name = 'ScrapeError';
  }
}

export interface ScrapeOptions {
  timeoutMs: number;
  /** Clock for sample times (tests pin it). */
  now?: () => number;
}

export async function scrapeEndpoint(transport: Transport, endpoint: MetricsEndpoint, options: ScrapeOptions): Promise<Scrape> {
  const now = options.now ?? Date.now;
  const timeMs = now();
  const started = performance.now();
  let response;
  try {
    response = await transport.httpGet(endpoint, { timeoutMs: options.timeoutMs, headers: { Accept: EXPOSITION_ACCEPT } });
  } catch (err) {
    throw new ScrapeError((err as Error).message, transport.host, endpoint.text);
  }
  if (response.status !== 200) {
    const excerpt = response.body.slice(0, 120).replace(/\s+/g, ' ').trim();
    throw new ScrapeError(`${transport.host}: GET ${urlOf(endpoint)} answered ${response.status}${excerpt ? `: ${excerpt}` : ''}`, transport.host, endpoint.text);
  }
  const contentType = response.headers['content-type'];
  const result = parseExposition(response.body, contentType === undefined ? {} : { contentType });
  return {
    host: transport.host,
    endpoint: endpoint.text,
    timeMs,
    durationMs: performance.now() - started,
    bytes: Buffer.byteLength(response.body),
    result,
    rejected: rejectedLines(response.body, result),
  };
}

function rejectedLines(body: string, result: ParseResult): string[] {
  if (result.errors.length === 0) return [];
  const lines = body.split('\n');
  return result.errors.map((e) => (lines[e.line - 1] ?? e.text).replace(/\r$/, ''));
}
