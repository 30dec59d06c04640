import { readFile } from 'node:fs/promises';
import { detectAnomalies } from './detect-series.js';
import { parseSeriesCsv, SeriesCsvError } from './series-csv.js';

/** What `perfmon anomalies` prints (`--json` prints exactly this). */
export interface AnomaliesReport {
  file: string;
  points: number;
  anomalies: { timestamp: string; value: number; score: number }[];
}

/** Reads and scores one CSV; an unreadable file is a SeriesCsvError naming it. */
export async function readSeriesAnomalies(file: string): Promise<AnomaliesReport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new SeriesCsvError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const series = parseSeriesCsv(text, file);
  const anomalies = detectAnomalies(series).map(({ timestamp, value, score }) => ({ timestamp, value, score: Math.round(score * 1000) / 1000 }));
  return { file, points: series.values.length, anomalies };
}

export function formatAnomalies(report: AnomaliesReport): string {
  const head = `${report.file}: ${report.points} points, ${report.anomalies.length} ${report.anomalies.length === 1 ? 'anomaly' : 'anomalies'}\n`;
  const width = Math.max(9, ...report.anomalies.map((a) => a.timestamp.length));
  const rows = report.anomalies.map((a) => `${a.timestamp.padEnd(width)}  ${String(a.value).padStart(12)}  score ${a.score.toFixed(3)}\n`);
  return head + (rows.length > 0 ? `${'timestamp'.padEnd(width)}  ${'value'.padStart(12)}\n${rows.join('')}` : '');
}
