import type { KpiView } from './types.js';

/**
 * A sparkline from bucket values (KPI-SPEC §9): an empty bucket (null) stays null, or becomes 0
 * with `fill: 'zero'`; `norm` maps each value to `(v - min) / (max - min)` in [0, 1], 0.5 for all
 * when every value is equal. This runs in `O(n)`.
 *
 * @example sparkline([2, null, 4, 3], 'gap') // { values: [2, null, 4, 3], norm: [0, null, 1, 0.5] }
 */
export function sparkline(buckets: readonly (number | null)[], fill: 'gap' | 'zero'): KpiView['spark'] {
  const values = buckets.map((value) => (value === null || !Number.isFinite(value) ? (fill === 'zero' ? 0 : null) : value));
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    if (value === null) continue;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const range = max - min;
  const norm = values.map((value) => (value === null ? null : range > 0 ? (value - min) / range : 0.5));
  return { values, norm };
}
