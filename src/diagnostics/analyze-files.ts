import { readFile, stat } from 'node:fs/promises';
import { analyzeThreadDumps, type SourcedDump, type ThreadDumpAnalysis } from './analyze-thread-dump.js';
import { diffClassHistograms, parseClassHistogram, topClasses, type ClassGrowth, type ClassHistogram, type HistogramRow } from './class-histogram.js';
import { formatClassGrowth, formatTopClasses } from './format-class-histogram.js';
import { formatThreadAnalysis } from './format-thread-analysis.js';
import { InputParseError } from './parse-error.js';
import { parseThreadDumps } from './parse-thread-dump.js';

/*
 * The file side of `perfmon analyze`: read the files, parse them, analyse, and return both
 * the JSON value and the readable report. Any file that cannot be read or parsed raises
 * AnalyzeInputError whose message names it as `file:line: reason`.
 */

export class AnalyzeInputError extends Error {
  override name = 'AnalyzeInputError';
}

export interface AnalyzeOutput<T> {
  json: T;
  report: string;
}

/**
 * Several files (or one file with several dumps) are one series, put in capture order.
 * `DIR/HOST-PID-*.txt` also matches what `perfmon dump` saved beside the thread dumps (class
 * histograms, heap dumps), so what is plainly not a thread dump is skipped with a one-line
 * note each; only when nothing is left to analyse is that an error.
 */
export async function analyzeThreadDumpFiles(
  files: readonly string[],
  top = 10,
): Promise<AnalyzeOutput<ThreadDumpAnalysis> & { skipped: string[] }> {
  const dumps: SourcedDump[] = [];
  const skipped: string[] = [];
  for (const file of files) {
    const reason = await notAThreadDump(file);
    if (reason !== null) {
      skipped.push(`${file}: ${reason}`);
      continue;
    }
    for (const dump of await parseFile(file, parseThreadDumps)) dumps.push({ source: file, dump });
  }
  if (dumps.length === 0) throw new AnalyzeInputError(skipped.length > 0 ? skipped.join('\n') : 'no thread dump given');
  const json = analyzeThreadDumps(dumps, { top });
  return { json, report: formatThreadAnalysis(json, top), skipped };
}

const HPROF_MAGIC = 'JAVA PROFILE 1.0.';
const HISTOGRAM_HEADER = /^\s*num\s+#instances\s+#bytes\s+class name/m;

/** Why FILE is plainly not a thread dump, or null to parse it (a damaged dump still fails loudly). */
async function notAThreadDump(file: string): Promise<string | null> {
  const info = await stat(file).catch(() => null);
  if (info === null) return null; // parseFile names the read error
  if (info.isDirectory()) return 'is a folder';
  if (info.size === 0) return 'is empty';
  const text = await readFile(file, 'latin1').catch(() => null);
  if (text === null) return null;
  if (text.startsWith(HPROF_MAGIC)) return 'is a heap dump (use a heap analyser such as Eclipse MAT or VisualVM)';
  if (HISTOGRAM_HEADER.test(text.slice(0, 4096))) return 'is a class histogram (use perfmon analyze --histogram)';
  return null;
}

export interface HistogramSummary {
  source: string;
  pid: number | null;
  totalInstances: number;
  totalBytes: number;
}

export type HistogramOutput =
  | (HistogramSummary & { top: HistogramRow[] })
  | { before: HistogramSummary; after: HistogramSummary; growth: ClassGrowth[] };

/** One histogram: its top classes by bytes. Two: the growth from the first to the second. */
export async function analyzeHistogramFiles(files: readonly string[], top = 10): Promise<AnalyzeOutput<HistogramOutput>> {
  const [first, second] = files;
  if (first === undefined || files.length > 2) throw new AnalyzeInputError('--histogram takes one file (top classes) or two (growth)');
  const before = await parseFile(first, parseClassHistogram);
  if (second === undefined) {
    const rows = topClasses(before, top);
    return { json: { ...summary(first, before), top: rows }, report: formatTopClasses(first, rows, before.totalBytes) };
  }
  const after = await parseFile(second, parseClassHistogram);
  const growth = diffClassHistograms(before, after).slice(0, top);
  return {
    json: { before: summary(first, before), after: summary(second, after), growth },
    report: formatClassGrowth(first, second, growth),
  };
}

function summary(source: string, histogram: ClassHistogram): HistogramSummary {
  return { source, pid: histogram.pid, totalInstances: histogram.totalInstances, totalBytes: histogram.totalBytes };
}

async function parseFile<T>(file: string, parse: (text: string) => T): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new AnalyzeInputError(`${file}: cannot read: ${(error as Error).message}`);
  }
  try {
    return parse(text);
  } catch (error) {
    if (error instanceof InputParseError) throw new AnalyzeInputError(error.at(file));
    throw error;
  }
}
