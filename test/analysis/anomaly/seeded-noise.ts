import { mulberry32 } from '../../lab/seeded-random.js';

/** Seeded Gaussian noise (mulberry32 + Box–Muller): the same series on every run. */
export function gaussian(seed: number): () => number {
  const uniform = mulberry32(seed);
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}
