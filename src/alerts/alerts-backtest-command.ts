/** `perfmon alerts backtest [RULE] [--from] [--to] [--json]`: how often the rules would have fired. */
import { HistoryReader } from '../history/history-reader.js';
import { columnTable } from '../format/text.js';
import { formatDuration } from '../format/units.js';
import { parseTime } from '../model/parse-time.js';
import { backtestRules, selectRules, type BacktestResult } from './alert-backtest.js';
import type { AlertRule } from './alert-rule.js';

export interface BacktestCommandOptions {
  store: string;
  rules: readonly AlertRule[];
  rule?: string;
  from: string;
  to: string;
  json: boolean;
  now?: number;
}

export async function runAlertsBacktest(options: BacktestCommandOptions, out: NodeJS.WritableStream): Promise<BacktestResult> {
  const rules = selectRules(options.rules, options.rule);
  const now = options.now ?? Date.now();
  const from = parseTime(options.from, now);
  const to = parseTime(options.to, now);
  if (!(to > from)) throw new Error(`--to (${new Date(to).toISOString()}) must be after --from (${new Date(from).toISOString()})`);
  const reader = await HistoryReader.open(options.store);
  let result: BacktestResult;
  try {
    result = backtestRules(reader, rules, from, to + 1);
  } finally {
    reader.close();
  }
  const range = `${new Date(from).toISOString()} – ${new Date(to).toISOString()}`;
  if (options.json) {
    out.write(`${JSON.stringify({ store: options.store, from: new Date(from).toISOString(), to: new Date(to).toISOString(), tier: result.tier, readings: result.readings, hosts: result.hostCount, rules: result.rules }, null, 2)}\n`);
    return result;
  }
  const tier = result.tier === 'raw' ? 'raw tier (stored resolution)' : '1-minute tier (no raw readings in the range)';
  out.write(`backtest of ${rules.length} rule${rules.length === 1 ? '' : 's'} over ${range}: ${result.readings} readings of ${result.hostCount} host${result.hostCount === 1 ? '' : 's'} from the ${tier} (store ${options.store})\n`);
  const rows = result.rules.map((r) => [r.rule, r.severity, String(r.fires), formatDuration(Math.round(r.firingSeconds)), String(r.flaps), r.hosts.join(',')]);
  const header = ['RULE', 'SEVERITY', 'FIRES', 'FIRING', 'FLAPS', 'HOSTS'];
  out.write(columnTable(header, rows));
  return result;
}
