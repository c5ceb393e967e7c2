import { medianInPlace } from './median.js';
import { lowerBound } from './search.js';
import type { Aggregate, Series, Window } from './types.js';

/** An aggregate and how many (non-gap) points it was computed from. */
export interface Aggregated {
  readonly value: number | null;
  readonly n: number;
}

/** `sum` and `count` add up over time (pace applies to them); the others do not (KPI-SPEC §3). */
export function isAdditive(kind: Aggregate): boolean {
  return kind === 'sum' || kind === 'count';
}

/**
 * Aggregates the points of `series` inside the half-open `window` `[start, end)`, skipping gaps
 * (KPI-SPEC §3): `sum` and `count` are 0 on no data; `mean`, `median` (mean of the middle two for
 * an even n), `min`, `max` and `last` (newest non-gap by time) are null on no data. Always reports
 * `n`, the number of non-gap points used. A missing series is no data.
 * This runs in `O(log n + m)` for m points in the window (binary search, then one pass).
 *
 * @example aggregate('mean', { times: new Float64Array([1, 2, 3]), values: new Float64Array([4, NaN, 8]) }, { start: 0, end: 10 })
 * // { value: 6, n: 2 }
 */
export function aggregate(kind: Aggregate, series: Series | undefined, window: Window): Aggregated {
  const empty: Aggregated = { value: isAdditive(kind) ? 0 : null, n: 0 };
  if (series === undefined || !(window.end > window.start)) return empty;
  const { times, values } = series;
  const from = lowerBound(times, window.start);
  const to = lowerBound(times, window.end);
  if (to <= from) return empty;

  if (kind === 'last') {
    for (let i = to - 1; i >= from; i--) {
      const value = values[i]!;
      if (value === value) return { value, n: countPresent(values, from, to) };
    }
    return empty;
  }
  if (kind === 'median') {
    const present = new Float64Array(to - from);
    let n = 0;
    for (let i = from; i < to; i++) {
      const value = values[i]!;
      if (value === value) present[n++] = value;
    }
    return n === 0 ? empty : { value: medianInPlace(present.subarray(0, n)), n };
  }

  let n = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = from; i < to; i++) {
    const value = values[i]!;
    if (value !== value) continue; // NaN: a gap
    n++;
    sum += value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (n === 0) return empty;
  switch (kind) {
    case 'sum':
      return { value: sum, n };
    case 'count':
      return { value: n, n };
    case 'mean':
      return { value: sum / n, n };
    case 'min':
      return { value: min, n };
    case 'max':
      return { value: max, n };
  }
}

/** How many values in `values[from..to)` are not NaN. */
function countPresent(values: Float64Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (values[i] === values[i]) n++;
  return n;
}
