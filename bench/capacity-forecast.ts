/**
 * Capacity forecasts on replayed traces: the false-alarm rate of "full within 24 h" on
 * filesystems that do not fill (log rotation, a purged cache's sawtooth, temporary-file
 * bursts, all near full) and on real CPU traces judged against the critical level, and the
 * accuracy of the time to exhaustion on filesystems that fill. ONE configuration
 * (FORECAST_CONFIG) for every trace.
 *
 * The shapes are real: each filesystem's write rate follows a real captured activity series of
 * the Numenta Anomaly Benchmark (AWS CloudWatch disk writes, network in, request counts, CPU;
 * ad-exchange and Twitter volumes), scaled; the CPU traces are the benchmark's real EC2/RDS CPU
 * series as they are. Against over-fitting the shapes alternate between a tune half and a
 * held-out half (sorted by name); both are printed.
 *
 *   npx esbuild bench/capacity-forecast.ts --bundle --platform=node --format=esm --packages=external \
 *     --outfile=node_modules/.cache/perfmon-bench/capacity-forecast.mjs && node node_modules/.cache/perfmon-bench/capacity-forecast.mjs [--data DIR] [--every 3h]
 *
 * A false alarm is an episode: consecutive evaluations that say "full within 24 h" (or, for CPU,
 * "past critical within 24 h") when the trace does not get there within 24 h count once, as an
 * alert would fire once. Evaluations run every 3 h from 6 h of history on.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { forecastExhaustion, FORECAST_CONFIG } from '../src/analysis/capacity/exhaustion.js';
import { median, quantile, type Point } from '../src/analysis/capacity/robust-trend.js';
import { parseSeriesCsv } from '../src/analysis/anomaly/series-csv.js';
import { parseDuration } from '../src/model/parse-time.js';
import { mulberry32 } from '../test/lab/seeded-random.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dataDir = resolve(option('--data') ?? ['../shared/datasets/nab', '../../shared/datasets/nab'].find((d) => existsSync(d)) ?? '../shared/datasets/nab');
const every = parseDuration(option('--every') ?? '3h');
// --set key=value overrides one configuration field for an experiment (never for the reported figures).
for (let i = 0; i < args.length; i++) {
  if (args[i] !== '--set') continue;
  const [key, value] = args[i + 1]!.split('=');
  (FORECAST_CONFIG as unknown as Record<string, number>)[key!] = Number(value);
}
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WARMUP = 6 * HOUR;

const rng = mulberry32;

interface Shape {
  name: string;
  times: number[];
  /** Non-negative, mean 1. */
  rate: number[];
  raw: number[];
}

function loadShapes(group: string): Shape[] {
  const dir = join(dataDir, 'data', group);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => {
      const s = parseSeriesCsv(readFileSync(join(dir, f), 'utf8'), f);
      const min = Math.min(...s.values);
      const shifted = s.values.map((v) => v - min);
      const mean = shifted.reduce((a, b) => a + b, 0) / shifted.length || 1;
      return { name: `${group}/${f}`, times: s.times, rate: shifted.map((v) => v / mean), raw: s.values };
    });
}

const CAPACITY = 100;

type Kind = 'rotation' | 'sawtooth' | 'bursts' | 'steady';

/**
 * A filesystem of 100 units whose writes follow the shape; `kind` says how space comes back:
 * rotation (a log rotated at midnight, two days kept), sawtooth (a cache purged every 6 h),
 * bursts (temporary files of 4–20 units for 15 min–2 h on a level that follows the shape),
 * steady (nothing comes back: every write stays, the filling case). `fill` makes the level
 * meet the limit at that share of the trace (growth added to the non-steady kinds; the steady
 * kind's write volume scaled).
 */
function filesystemTrace(shape: Shape, kind: Kind, seed: number, fill?: number): Point[] {
  const random = rng(seed);
  const t0 = shape.times[0]!;
  const span = shape.times.at(-1)! - t0;
  const dailyWrite = 6 + random() * 10;
  const dt = (i: number) => (i === 0 ? 0 : shape.times[i]! - shape.times[i - 1]!);
  // The rotation is in its steady state from the start: the two days kept before the trace are already there.
  const days = new Map<number, number>(kind === 'rotation' ? [[Math.floor(t0 / DAY) - 1, dailyWrite], [Math.floor(t0 / DAY) - 2, dailyWrite]] : []);
  const bursts: { from: number; to: number; size: number }[] = [];
  if (kind === 'bursts') for (let t = t0; t < t0 + span; t += HOUR) if (random() < 0.08) bursts.push({ from: t, to: t + (0.25 + random() * 1.75) * HOUR, size: 4 + random() * 16 });
  let level = 0;
  const written = shape.rate.map((r, i) => {
    const t = shape.times[i]!;
    const w = (r * dailyWrite * dt(i)) / DAY;
    if (kind === 'rotation') {
      const day = Math.floor(t / DAY);
      days.set(day, (days.get(day) ?? 0) + w);
      for (const d of days.keys()) if (d < day - 2) days.delete(d);
      level = [...days.values()].reduce((x, y) => x + y, 0);
    } else if (kind === 'sawtooth') {
      const purged = i > 0 && Math.floor((t - t0) / (6 * HOUR)) > Math.floor((shape.times[i - 1]! - t0) / (6 * HOUR));
      level = purged ? 0 : level + 3 * w;
    } else if (kind === 'steady') level += w;
    else level = (dailyWrite / 4) * Math.min(3, r);
    return level;
  });
  const burst = (t: number) => bursts.filter((b) => t >= b.from && t < b.to).reduce((x, y) => x + y.size, 0);
  const noise = () => (random() - 0.5) * 0.2;
  if (kind === 'steady') {
    // From 30 % to full at `fill` of the span (or to 80 % at the end when not filling).
    const at = fill ?? 1;
    const target = fill === undefined ? 50 : 70;
    const reach = written[shape.times.findIndex((t) => t >= t0 + at * span)] ?? written.at(-1)!;
    return shape.times.map((t, i) => ({ t, v: Math.min(CAPACITY, 30 + (written[i]! * target) / (reach || 1) + noise()) }));
  }
  // Near full but never full: the highest point of the trace at 94 (filling: from 70, full at `fill` of the span).
  const peak = Math.max(...written.map((w, i) => w + burst(shape.times[i]!)));
  const top = fill === undefined ? 94 : 70;
  const base = top - peak;
  const growthPerMs = fill === undefined ? 0 : (CAPACITY - top) / (fill * span);
  return shape.times.map((t, i) => ({ t, v: Math.min(CAPACITY, base + written[i]! + burst(t) + growthPerMs * (t - t0) + noise()) }));
}

interface Episodes {
  evaluations: number;
  hostDays: number;
  falseAlarms: number;
}

/** Evaluates every `every` ms from WARMUP; an alarm is false when the trace does not reach the limit within 24 h of it. */
function falseAlarms(trace: readonly Point[], limit: number, peak: boolean): Episodes {
  const t0 = trace[0]!.t;
  const end = trace.at(-1)!.t - DAY; // truth needs the next 24 h
  let evaluations = 0;
  let falseAlarms = 0;
  let inAlarm = false;
  let firstIndex = 0;
  for (let at = t0 + WARMUP; at <= end; at += every) {
    while (trace[firstIndex]!.t < at - 7 * DAY) firstIndex++;
    let last = firstIndex;
    while (last < trace.length && trace[last]!.t <= at) last++;
    const f = forecastExhaustion({ points: trace.slice(firstIndex, last), limit, at, peak });
    evaluations++;
    const reaches = trace.some((p) => p.t > at - HOUR && p.t <= at + DAY && p.v >= limit);
    const alarm = f?.soon === true && !reaches;
    if (alarm && !inAlarm) {
      falseAlarms++;
      if (process.env['CAPACITY_DEBUG']) console.log('   false alarm', JSON.stringify({ h: (at - t0) / HOUR, ...f, trends: f!.trends.map((w) => `${w.window}:${w.slopePerHour?.toFixed(3)}/${w.z?.toFixed(1)}`).join(' ') }));
    }
    inAlarm = alarm;
  }
  return { evaluations, hostDays: (end - (t0 + WARMUP)) / DAY, falseAlarms };
}

interface Accuracy {
  errors: number[];
  alarmsWhenDue: number;
  due: number;
}

/** On a filling trace: the relative error of the time to exhaustion where the truth is 2–72 h away, and alarms when it is ≤ 12 h. */
function accuracy(trace: readonly Point[]): Accuracy {
  const full = trace.find((p) => p.v >= CAPACITY)?.t;
  const out: Accuracy = { errors: [], alarmsWhenDue: 0, due: 0 };
  if (full === undefined) return out;
  let firstIndex = 0;
  for (let at = trace[0]!.t + WARMUP; at < full; at += every) {
    while (trace[firstIndex]!.t < at - 7 * DAY) firstIndex++;
    let last = firstIndex;
    while (last < trace.length && trace[last]!.t <= at) last++;
    const f = forecastExhaustion({ points: trace.slice(firstIndex, last), limit: CAPACITY, at });
    const truth = full - at;
    if (truth >= 2 * HOUR && truth <= 72 * HOUR && at - trace[0]!.t >= DAY) {
      out.errors.push(f?.exhaustionInMs == null ? 1 : Math.abs(f.exhaustionInMs - truth) / truth);
      if (process.env['CAPACITY_DEBUG_FILL']) console.log('   fill', JSON.stringify({ truthH: truth / HOUR, predH: f?.exhaustionInMs == null ? null : f.exhaustionInMs / HOUR, model: f?.model, level: f?.level.toFixed(1), slope: f?.slopePerHour.toFixed(3), resets: f?.resets, conf: f?.confidence.toFixed(2) }));
    }
    if (truth <= 12 * HOUR) {
      out.due++;
      if (f?.soon) out.alarmsWhenDue++;
    }
  }
  return out;
}

const shapes = [...loadShapes('realAWSCloudwatch'), ...loadShapes('realAdExchange'), ...loadShapes('realTweets')];
const cpuShapes = loadShapes('realAWSCloudwatch').filter((s) => /cpu_utilization/.test(s.name));
const halves = { tune: (i: number) => i % 2 === 0, 'held-out': (i: number) => i % 2 === 1 };
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

console.log(`capacity forecasts, one configuration (FORECAST_CONFIG: windows ${FORECAST_CONFIG.windows.map((w) => w.name).join('/')}, ${FORECAST_CONFIG.bucketsPerWindow} buckets, soon ≤ ${FORECAST_CONFIG.soonMs / HOUR} h at confidence ≥ ${FORECAST_CONFIG.soonConfidence}); evaluated every ${every / HOUR} h from ${WARMUP / HOUR} h of history`);
for (const [half, pick] of Object.entries(halves)) {
  const picked = shapes.filter((_, i) => pick(i));
  console.log(`\n${half}: ${picked.length} shapes`);
  const all: Episodes = { evaluations: 0, hostDays: 0, falseAlarms: 0 };
  for (const kind of ['rotation', 'sawtooth', 'bursts', 'steady'] as const) {
    const total: Episodes = { evaluations: 0, hostDays: 0, falseAlarms: 0 };
    picked.forEach((shape, i) => {
      const e = falseAlarms(filesystemTrace(shape, kind, 1000 + i), CAPACITY, false);
      total.evaluations += e.evaluations;
      total.hostDays += e.hostDays;
      total.falseAlarms += e.falseAlarms;
    });
    all.evaluations += total.evaluations;
    all.hostDays += total.hostDays;
    all.falseAlarms += total.falseAlarms;
    console.log(`  filesystem ${kind.padEnd(9)} not filling: ${total.falseAlarms} false alarms in ${total.hostDays.toFixed(0)} host-days = ${((100 * total.falseAlarms) / total.hostDays).toFixed(2)} per 100 host-days (${total.evaluations} evaluations)`);
  }
  const cpu = cpuShapes.filter((_, i) => pick(i)).map((s) => falseAlarms(s.raw.map((v, k) => ({ t: s.times[k]!, v })), 90, true));
  const cpuDays = cpu.reduce((a, e) => a + e.hostDays, 0);
  const cpuFalse = cpu.reduce((a, e) => a + e.falseAlarms, 0);
  console.log(`  CPU at peak past 90 % (real traces): ${cpuFalse} false alarms in ${cpuDays.toFixed(0)} host-days = ${((100 * cpuFalse) / cpuDays).toFixed(2)} per 100 host-days`);
  const days = all.hostDays + cpuDays;
  console.log(`  ALL not filling: ${all.falseAlarms + cpuFalse} false alarms in ${days.toFixed(0)} host-days = ${((100 * (all.falseAlarms + cpuFalse)) / days).toFixed(2)} per 100 host-days`);
  for (const kind of ['steady', 'rotation', 'sawtooth', 'bursts'] as const) {
    const errors: number[] = [];
    let due = 0;
    let alarms = 0;
    picked.forEach((shape, i) => {
      const a = accuracy(filesystemTrace(shape, kind, 2000 + i, 0.85));
      errors.push(...a.errors);
      due += a.due;
      alarms += a.alarmsWhenDue;
    });
    const within = errors.filter((e) => e <= 0.2).length / (errors.length || 1);
    console.log(`  filesystem ${kind.padEnd(9)} filling: time-to-full error median ${pct(median(errors))}, p90 ${pct(quantile(errors, 0.9))}, within 20 % ${pct(within)} (${errors.length} evaluations 2–72 h before full); "full within 24 h" raised ${alarms}/${due} times in the last 12 h`);
  }
}
