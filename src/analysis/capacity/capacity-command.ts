/** `perfmon capacity [--json] [--at TIME]`: every resource's time to exhaustion from the history store, what runs out first on top. */
import { HistoryReader } from '../../history/history-reader.js';
import { columnTable } from '../../format/text.js';
import { parseTime } from '../../model/parse-time.js';
import { capacityForecasts, type CapacityContext, type CapacityReport } from './capacity-forecasts.js';
import { FORECAST_HEADER, forecastRow } from './capacity-format.js';

export interface CapacityCommandOptions {
  store: string;
  context: CapacityContext;
  at: string;
  json: boolean;
  now?: number;
}

export async function readCapacity(store: string, context: CapacityContext, at: number): Promise<CapacityReport> {
  const reader = await HistoryReader.open(store);
  try {
    return capacityForecasts(reader, context, at);
  } finally {
    reader.close();
  }
}

export async function runCapacityCommand(options: CapacityCommandOptions, out: NodeJS.WritableStream): Promise<CapacityReport> {
  const at = parseTime(options.at, options.now ?? Date.now());
  const report = await readCapacity(options.store, options.context, at);
  if (options.json) {
    out.write(`${JSON.stringify({ store: options.store, ...report }, null, 2)}\n`);
    return report;
  }
  if (report.resources.length === 0) {
    out.write(`no resource has enough history for a forecast at ${report.at} (store ${options.store}; a forecast needs 8 readings)\n`);
    return report;
  }
  const soon = report.resources.filter((r) => r.soon).length;
  out.write(`capacity at ${report.at} from history since ${report.from} (store ${options.store}): ${report.resources.length} resources, ${soon} running out within 24 h (!)\n`);
  out.write(columnTable(FORECAST_HEADER, report.resources.map(forecastRow)));
  return report;
}
