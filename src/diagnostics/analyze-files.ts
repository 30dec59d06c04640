import { readFile } from 'node:fs/promises';
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

/** Several files (or one file with several dumps) are one series, put in capture order. */
export async function analyzeThreadDumpFiles(files: readonly string[], top = 10): Promise<AnalyzeOutput<ThreadDumpAnalysis>> {
  const dumps: SourcedDump[] = [];
  for (const file of files) {
    for (const dump of await parseFile(file, parseThreadDumps)) dumps.push({ source: file, dump });
  }
  const json = analyzeThreadDumps(dumps, { top });
  return { json, report: formatThreadAnalysis(json, top) };
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
