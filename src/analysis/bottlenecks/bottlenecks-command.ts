/**
 * `perfmon bottlenecks [--window 1h] [--at TIME] [--json]`: the analysis over the history store
 * the recorder writes, for the window ending at TIME (default now). The TUI's overlay calls
 * `bottleneckReport` with the time cursor's moment.
 */
import { HistoryReader } from '../../history/history-reader.js';
import { HistoryStoreError } from '../../history/store-errors.js';
import { storeHoldings } from '../../history/snapshot-at-command.js';
import { parseDuration, parseTime } from '../../model/parse-time.js';
import { analyseBottlenecks } from './analyse-bottlenecks.js';
import { readBottleneckWindow, windowHosts } from './bottleneck-window.js';
import { culpritSeries } from './host-resources.js';
import type { BottleneckReport } from './finding.js';
import { formatReport } from './format-findings.js';
import type { ComponentTopology } from './impact.js';
import { SATURATED_SHARE } from './saturation.js';

export interface BottleneckRequest {
  store: string;
  /** Window length in ms. */
  windowMs: number;
  /** End of the window, ms since 1970. */
  at: number;
  topology: readonly ComponentTopology[];
}

export async function bottleneckReportFrom(reader: HistoryReader, request: BottleneckRequest): Promise<BottleneckReport> {
  const from = request.at - request.windowMs;
  const window = await readBottleneckWindow(reader, from, request.at, (w) => culpritSeries(w, windowHosts(w)));
  const hosts = windowHosts(window);
  if (hosts.length === 0 && window.series.size === 0) {
    throw new HistoryStoreError(`the history store ${request.store} has nothing between ${new Date(from).toISOString()} and ${new Date(request.at).toISOString()}: ${storeHoldings(reader, (t) => new Date(t).toISOString())}`, request.store);
  }
  return {
    store: request.store,
    from: new Date(from).toISOString(),
    to: new Date(request.at).toISOString(),
    stepSeconds: window.step / 1000,
    saturatedShare: SATURATED_SHARE,
    hosts,
    findings: analyseBottlenecks(window, request.topology),
  };
}

export async function bottleneckReport(request: BottleneckRequest): Promise<BottleneckReport> {
  const reader = await HistoryReader.open(request.store);
  try {
    return await bottleneckReportFrom(reader, request);
  } finally {
    reader.close();
  }
}

export interface BottlenecksFlags {
  store: string;
  window: string;
  at: string;
  json: boolean;
  topology: readonly ComponentTopology[];
  width?: number;
  now?: number;
}

/** Parses the flags (a bad one throws naming it), runs the analysis, prints text or JSON. */
export async function runBottlenecksCommand(flags: BottlenecksFlags, out: NodeJS.WritableStream): Promise<BottleneckReport> {
  const windowMs = named('--window', () => parseDuration(flags.window));
  if (windowMs < 10_000) throw new RangeError(`--window ${flags.window}: at least 10s (a window needs a few readings)`);
  const at = named('--at', () => parseTime(flags.at, flags.now ?? Date.now()));
  const report = await bottleneckReport({ store: flags.store, windowMs, at, topology: flags.topology });
  out.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, flags.width));
  return report;
}

function named<T>(flag: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new RangeError(`${flag}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
