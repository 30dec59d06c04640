/**
 * Alert rule cost (issue 11): 1,000 rules over 100 hosts at 1 s — the built-in rules plus
 * rules of one's own on every signal, some matching every host, some one host, some a regex —
 * judged on the real capture replayed as 100 hosts for 5 minutes. Prints CPU as a share of one
 * core; asserts nothing. Run from the repository root:
 *   npx esbuild bench/alerts-cost.ts --bundle --platform=node --format=esm --packages=external \
 *     --outfile=node_modules/.cache/alerts-bench.mjs --log-level=warning && node node_modules/.cache/alerts-bench.mjs
 */
import { readSnapshots } from '../fixtures/history/read-fixture.js';
import { DEFAULT_THRESHOLDS } from '../src/analysis/thresholds.js';
import type { AlertRule } from '../src/alerts/alert-rule.js';
import { AlertEvaluator } from '../src/alerts/alert-evaluator.js';
import { defaultRules } from '../src/alerts/default-rules.js';
import { hostSignals } from '../src/alerts/host-signals.js';

const HOSTS = 100;
const SECONDS = 300;
const snapshots = readSnapshots();
const metrics = [...new Set(snapshots.flatMap((s) => hostSignals(s).map((x) => x.key.name)))];
const rules: AlertRule[] = defaultRules(DEFAULT_THRESHOLDS);
for (let i = rules.length; i < 1000; i++) {
  const metric = metrics[i % metrics.length]!;
  const match: Record<string, string> = i % 3 === 0 ? {} : i % 3 === 1 ? { host: `h${i % HOSTS}` } : { host: `/h${i % 10}[0-9]*/` };
  rules.push({ name: `Rule${i}`, metric, match, op: '>=', threshold: (i % 100) + 0.5, clear: i % 100, forSeconds: 30, keepFiringForSeconds: 0, severity: i % 2 ? 'warning' : 'critical', summary: '{{host}} {{value}}', labels: {} });
}
const evaluator = new AlertEvaluator(rules);
// The signals of every host for one snapshot of the capture each second (computing them is part of the cost).
const cpu0 = process.cpuUsage();
let transitions = 0;
for (let s = 0; s < SECONDS; s++) {
  for (let h = 0; h < HOSTS; h++) {
    const snapshot = { ...snapshots[(s + h * 7) % snapshots.length]!, name: `h${h}` };
    transitions += evaluator.evaluate(snapshot.name, 1_800_000_000_000 + s * 1000, hostSignals(snapshot)).length;
  }
}
const cpu = process.cpuUsage(cpu0);
const perSecondMs = (cpu.user + cpu.system) / 1000 / SECONDS;
console.log(`${rules.length} rules × ${HOSTS} hosts at 1 s, ${metrics.length} signal names: ${perSecondMs.toFixed(1)} ms CPU per second of readings = ${(perSecondMs / 10).toFixed(2)} % of a core (${transitions} transitions, ${evaluator.alerts().length} alerts at the end)`);
