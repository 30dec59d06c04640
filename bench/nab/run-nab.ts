/**
 * Scores perfmon's anomaly detector on the Numenta Anomaly Benchmark data with perfmon's own
 * NAB scorer (bench/nab/nab-score.ts), both profiles, per group and in total, with ONE detector
 * configuration (the default one, the one the recorder uses) for every file.
 *
 * Against over-fitting, the files are split in two halves, alternating within each group (sorted
 * by name: 1st, 3rd, … tune; 2nd, 4th, … held out). The detector was tuned looking only at the
 * tune half; the held-out half's score says how it does on series it has never seen.
 *
 *   npm run bench:nab [-- --data DIR] [--files] [--set key=value …]
 *
 * DIR defaults to ../shared/datasets/nab (or ../../shared/… from a worktree): data/, windows.json. --files prints every file's
 * figures. --set overrides one configuration field for an experiment (never for the reported
 * figures).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_ANOMALY_CONFIG, type AnomalyConfig } from '../../src/analysis/anomaly/anomaly-detector.js';
import { detectAnomalies } from '../../src/analysis/anomaly/detect-series.js';
import { parseSeriesCsv, parseTimestamp } from '../../src/analysis/anomaly/series-csv.js';
import { LOW_FP, normalisedScore, STANDARD, scoreFile, windowRows, type FileScore, type Profile, type RowWindow } from './nab-score.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
// The repository's sibling ../shared (a clone in /work/main), or a worktree's ../../shared.
const dataDir = resolve(option('--data') ?? ['../shared/datasets/nab', '../../shared/datasets/nab'].find((d) => existsSync(d)) ?? '../shared/datasets/nab');
const overrides: Partial<AnomalyConfig> = {};
args.forEach((a, i) => {
  if (a !== '--set') return;
  const [key, value] = (args[i + 1] ?? '').split('=');
  if (!key || !(key in DEFAULT_ANOMALY_CONFIG)) throw new Error(`--set: unknown configuration field ${JSON.stringify(key)}`);
  (overrides as Record<string, number>)[key] = Number(value);
});

interface FileResult {
  key: string;
  group: string;
  half: 'tune' | 'held-out';
  rows: number;
  flagged: number;
  scores: Record<string, FileScore>;
}

const PROFILES: Profile[] = [STANDARD, LOW_FP];
const windows = JSON.parse(readFileSync(join(dataDir, 'windows.json'), 'utf8')) as Record<string, [string, string][]>;
const groups = readdirSync(join(dataDir, 'data')).sort();
const results: FileResult[] = [];
for (const group of groups) {
  const files = readdirSync(join(dataDir, 'data', group)).filter((f) => f.endsWith('.csv')).sort();
  files.forEach((file, i) => {
    const key = `${group}/${file}`;
    const series = parseSeriesCsv(readFileSync(join(dataDir, 'data', key), 'utf8'), key);
    const rowWindows = (windows[key] ?? [])
      .map(([start, end]) => windowRows(series.times, parseTimestamp(start), parseTimestamp(end)))
      .filter((w): w is RowWindow => w !== undefined);
    const flagged = detectAnomalies(series, overrides).map((f) => f.index);
    const scores = Object.fromEntries(PROFILES.map((p) => [p.name, scoreFile(series.values.length, rowWindows, flagged, p)]));
    results.push({ key, group, half: i % 2 === 0 ? 'tune' : 'held-out', rows: series.values.length, flagged: flagged.length, scores });
  });
}

const pad = (text: string, width: number) => text.padEnd(width);
const num = (x: number) => x.toFixed(1).padStart(7);
function line(label: string, of: FileResult[]): string {
  const figures = PROFILES.map((p) => num(normalisedScore(of.map((r) => r.scores[p.name]!)))).join(' ');
  const tp = of.reduce((t, r) => t + r.scores[STANDARD.name]!.truePositives, 0);
  const fn = of.reduce((t, r) => t + r.scores[STANDARD.name]!.falseNegatives, 0);
  const fp = of.reduce((t, r) => t + r.scores[STANDARD.name]!.falsePositives, 0);
  return `${pad(label, 34)} ${figures} ${String(of.length).padStart(6)} ${String(`${tp}/${tp + fn}`).padStart(8)} ${String(fp).padStart(5)}`;
}

if (args.includes('--files')) {
  for (const r of results) console.log(`${line(r.key.slice(0, 34), [r])}  flagged ${r.flagged} (${r.half})`);
  console.log('');
}
console.log(`${pad('NAB (perfmon scorer)', 34)} ${PROFILES.map((p) => p.name.padStart(7)).join(' ')}  files  windows   FPs`);
for (const half of ['all', 'tune', 'held-out'] as const) {
  const of = results.filter((r) => half === 'all' || r.half === half);
  console.log(`\n${half === 'all' ? 'all files' : `${half} half`}`);
  for (const group of groups) console.log(line(`  ${group}`, of.filter((r) => r.group === group)));
  console.log(line('  total', of));
}
const quiet = results.filter((r) => r.group === 'artificialNoAnomaly');
console.log(`\nflagged in artificialNoAnomaly (after probation / in all): ${quiet.reduce((t, r) => t + r.scores[STANDARD.name]!.falsePositives, 0)} / ${quiet.reduce((t, r) => t + r.flagged, 0)}`);
if (Object.keys(overrides).length > 0) console.log(`(experiment: ${JSON.stringify(overrides)})`);
