/** Reading the committed captures under fixtures/prometheus/ (tests need nothing else). */
import { readFileSync } from 'node:fs';
import { parseExposition, parseSelector, selectSamples } from '../../../src/collect/prometheus/index.js';
import type { ParseResult, Sample } from '../../../src/collect/prometheus/index.js';

export function fixtureText(path: string): string {
  return readFileSync(new URL(`../../../fixtures/prometheus/${path}`, import.meta.url), 'utf8');
}

export function parseFixture(path: string, contentType?: string): ParseResult {
  return parseExposition(fixtureText(path), contentType === undefined ? {} : { contentType });
}

/** Samples matching a selector string; the test fails loudly if the selector itself is bad. */
export function pick(source: ParseResult, selector: string): Sample[] {
  const parsed = parseSelector(selector);
  if (!parsed.ok) throw new Error(parsed.error);
  return selectSamples(source, parsed.selector);
}

/** Plain-object copy of one sample, for toEqual against literals. */
export function plain(sample: Sample | undefined): object | undefined {
  return sample && { ...sample, labels: { ...sample.labels } };
}

/** The lines of a text that are neither blank nor comments: each must become a sample or an error. */
export function sampleLineCount(text: string): number {
  return text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#')).length;
}
