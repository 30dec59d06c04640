/**
 * Stages as a function of time. Each stage ramps linearly from the previous stage's target
 * (0 before the first) to its own over its duration. In the open model the level is an arrival
 * rate and arrivals are placed exactly where the ramp puts them: the k-th request is due when
 * the integral of the rate reaches k, so the schedule never depends on how fast the server is.
 */
import type { Stage } from './scenario-schema.js';

export function totalDuration(stages: readonly Stage[]): number {
  return stages.reduce((sum, stage) => sum + stage.duration, 0);
}

export function peakLevel(stages: readonly Stage[]): number {
  return stages.reduce((peak, stage) => Math.max(peak, stage.target), 0);
}

/** The level (rate or users) at `t` seconds from the start; 0 after the last stage. */
export function levelAt(stages: readonly Stage[], t: number): number {
  let start = 0;
  let from = 0;
  for (const stage of stages) {
    if (t < start + stage.duration) return from + ((stage.target - from) * (t - start)) / stage.duration;
    start += stage.duration;
    from = stage.target;
  }
  return 0;
}

/** How many requests the open model sends over the whole run (the integral of the rate). */
export function plannedRequests(stages: readonly Stage[]): number {
  let from = 0;
  let total = 0;
  for (const stage of stages) {
    total += ((from + stage.target) / 2) * stage.duration;
    from = stage.target;
  }
  return Math.floor(total + 1e-9);
}

/**
 * Intended start times (seconds from the start) of every request of an open-model run, in
 * order. In a stage with rate r(τ) = a + (b − a)·τ/D the arrivals so far are
 * N(τ) = a·τ + (b − a)·τ²/(2D); the k-th is due where N(τ) = k.
 */
export function* arrivalTimes(stages: readonly Stage[]): Generator<number> {
  let start = 0;
  let from = 0;
  // Arrivals due before this stage, as a real number: the next one is due at the next integer.
  let before = 0;
  let next = 1;
  for (const stage of stages) {
    const a = from;
    const b = stage.target;
    const duration = stage.duration;
    const slope = (b - a) / duration;
    const inStage = ((a + b) / 2) * duration;
    while (next <= before + inStage + 1e-9) {
      const k = next - before;
      // Solve slope/2·τ² + a·τ − k = 0 for the smallest τ ≥ 0; linear when the rate is flat.
      const tau = Math.abs(slope) < 1e-12 ? k / a : (-a + Math.sqrt(Math.max(0, a * a + 2 * slope * k))) / slope;
      yield start + Math.min(duration, Math.max(0, tau));
      next++;
    }
    before += inStage;
    start += duration;
    from = b;
  }
}
