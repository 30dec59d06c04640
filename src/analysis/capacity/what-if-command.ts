/** `perfmon capacity --what-if METRIC=+N%`: the predicted peak use of every resource of the components with that metric. */
import { HistoryReader } from '../../history/history-reader.js';
import { columnTable } from '../../format/text.js';
import { formatCount, formatPercent } from '../../format/units.js';
import { parseTime } from '../../model/parse-time.js';
import { parseWhatIf, whatIf, type WhatIfContext, type WhatIfReport } from './what-if.js';

export interface WhatIfCommandOptions {
  store: string;
  context: WhatIfContext;
  at: string;
  json: boolean;
  whatIf: string;
  now?: number;
}

export async function readWhatIf(store: string, context: WhatIfContext, text: string, at: number): Promise<WhatIfReport> {
  const request = parseWhatIf(text);
  const reader = await HistoryReader.open(store);
  try {
    return whatIf(reader, context, request, at);
  } finally {
    reader.close();
  }
}

/** Prints the report; false when no component could be predicted (the reasons are printed). */
export async function runWhatIfCommand(options: WhatIfCommandOptions, out: NodeJS.WritableStream): Promise<boolean> {
  const report = await readWhatIf(options.store, options.context, options.whatIf, parseTime(options.at, options.now ?? Date.now()));
  const predicted = report.components.some((c) => c.refused === null);
  if (options.json) {
    out.write(`${JSON.stringify({ store: options.store, ...report }, null, 2)}\n`);
    return predicted;
  }
  if (report.components.length === 0) {
    out.write(`no component records an application metric ${JSON.stringify(report.metric)} in ${options.store} (perfmon record keeps app_metric{component,metric})\n`);
    return false;
  }
  for (const c of report.components) {
    const change = `${report.factor >= 1 ? '+' : ''}${((report.factor - 1) * 100).toFixed(0)} %`;
    out.write(`${c.component}: ${c.metric} ${change}, peak ${c.peakThroughput === null ? '—' : formatCount(c.peakThroughput)} → ${c.predictedThroughput === null ? '—' : formatCount(c.predictedThroughput)} on ${c.hosts.length} host${c.hosts.length === 1 ? '' : 's'}\n`);
    const rows = c.resources.map((r) => [
      r.host,
      r.resource,
      r.fit ? `${r.fit.intercept.toFixed(1)} + ${r.fit.slope.toPrecision(3)}·x` : '—',
      r.fit ? r.fit.r2.toFixed(2) : '—',
      formatPercent(r.peakNow),
      r.refused ?? `${formatPercent(r.predictedPeak)}${r.predictedPeak! >= r.critical ? ' critical' : r.predictedPeak! >= r.warning ? ' warning' : ''}`,
    ]);
    out.write(columnTable(['HOST', 'RESOURCE', 'FIT (use % = a + b·throughput)', 'R²', 'PEAK NOW', 'PREDICTED PEAK'], rows));
    if (c.refused) out.write(`  no prediction: ${c.refused}\n`);
    else {
      const first = c.firstToCross;
      out.write(first ? `  first to cross its warning level: ${first.resource} on ${first.host} (${formatPercent(first.predictedPeak)} ≥ ${formatPercent(first.warning)})\n` : '  every resource stays under its warning level\n');
      out.write(`  hosts needed to stay under the warning levels: ${c.hostsNeeded} (now ${c.hosts.length})\n`);
    }
  }
  return predicted;
}
