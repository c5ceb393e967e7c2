import type { DataWarning, RawPoint, Series } from './types.js';

/** Limits of cleanPoints. */
export interface CleanOptions {
  /** Warnings listed one by one before the rest are summarised in one line (default 100). */
  readonly maxWarnings?: number;
}

/** Default for CleanOptions.maxWarnings: enough to find a bad column, not enough to flood a log. */
export const DEFAULT_MAX_WARNINGS = 100;

/** A cleaned series and what was wrong with the input. */
export interface CleanResult {
  readonly series: Series;
  readonly warnings: DataWarning[];
}

/** Why a value is a gap, or null when it is a usable number. */
function gapReason(value: unknown): string | null {
  if (value === null || value === undefined) return 'value is missing (null); kept as a gap';
  if (typeof value !== 'number') return `value ${JSON.stringify(value)} is not a number; kept as a gap`;
  if (Number.isNaN(value)) return 'value is NaN; kept as a gap';
  if (!Number.isFinite(value)) return `value is ${value > 0 ? '+' : '-'}Infinity; kept as a gap`;
  return null;
}

/**
 * Stable bottom-up merge sort of `keys` carrying `order` along (both changed in place); ties keep
 * input order. Keys move with their indices so every pass reads memory in sequence, and two runs
 * already in order are copied without comparing. This runs in `O(n log n)`.
 */
function stableSortByKey(keys: Float64Array, order: Uint32Array): void {
  const n = keys.length;
  let keysFrom: Float64Array = keys;
  let orderFrom: Uint32Array = order;
  let keysTo: Float64Array = new Float64Array(n);
  let orderTo: Uint32Array = new Uint32Array(n);
  for (let width = 1; width < n; width *= 2) {
    for (let left = 0; left < n; left += 2 * width) {
      const middle = Math.min(left + width, n);
      const right = Math.min(left + 2 * width, n);
      if (middle >= right || keysFrom[middle - 1]! <= keysFrom[middle]!) {
        keysTo.set(keysFrom.subarray(left, right), left);
        orderTo.set(orderFrom.subarray(left, right), left);
        continue;
      }
      let i = left;
      let j = middle;
      let k = left;
      while (i < middle && j < right) {
        // `<=` takes the left run on ties: that is what keeps the sort stable.
        if (keysFrom[i]! <= keysFrom[j]!) {
          keysTo[k] = keysFrom[i]!;
          orderTo[k++] = orderFrom[i++]!;
        } else {
          keysTo[k] = keysFrom[j]!;
          orderTo[k++] = orderFrom[j++]!;
        }
      }
      while (i < middle) {
        keysTo[k] = keysFrom[i]!;
        orderTo[k++] = orderFrom[i++]!;
      }
      while (j < right) {
        keysTo[k] = keysFrom[j]!;
        orderTo[k++] = orderFrom[j++]!;
      }
    }
    [keysFrom, keysTo] = [keysTo, keysFrom];
    [orderFrom, orderTo] = [orderTo, orderFrom];
  }
  if (keysFrom !== keys) {
    keys.set(keysFrom);
    order.set(orderFrom);
  }
}

/**
 * Turns points as received into a Series (KPI-SPEC §1): points whose time is not a finite number
 * are dropped, values that are null, NaN, ±Infinity or not numbers become gaps (NaN), each with a
 * warning; points are sorted by time (stable) and for a duplicate time the last received wins.
 * This runs in `O(n)` when the input is already in time order, `O(n log n)` otherwise.
 *
 * @example cleanPoints('leads', [{ t: 2, v: 5 }, { t: 1, v: null }, { t: 2, v: 7 }])
 * // { series: { times: [1, 2], values: [NaN, 7] }, warnings: [{ metric: 'leads', time: '1970-01-01T00:00:00.001Z', why: 'value is missing (null); kept as a gap' }] }
 */
export function cleanPoints(metric: string, raw: readonly RawPoint[], options: CleanOptions = {}): CleanResult {
  const maxWarnings = options.maxWarnings ?? DEFAULT_MAX_WARNINGS;
  const warnings: DataWarning[] = [];
  let unlisted = 0;
  const warn = (time: string | null, why: string): void => {
    if (warnings.length < maxWarnings) warnings.push({ metric, time, why });
    else unlisted++;
  };

  const points = Array.isArray(raw) ? raw : [];
  const times = new Float64Array(points.length);
  const values = new Float64Array(points.length);
  let kept = 0;
  let sorted = true;
  for (const point of points) {
    const time = point === null || typeof point !== 'object' ? undefined : (point as { t?: unknown }).t;
    if (typeof time !== 'number' || !Number.isFinite(time)) {
      warn(null, `time ${typeof time === 'number' ? String(time) : JSON.stringify(time) ?? 'undefined'} is not a finite epoch-ms number; point dropped`);
      continue;
    }
    const value = (point as { v?: unknown }).v;
    const why = gapReason(value);
    if (why !== null) warn(new Date(time).toISOString(), why);
    if (kept > 0 && time < times[kept - 1]!) sorted = false;
    times[kept] = time;
    values[kept] = why === null ? (value as number) : Number.NaN;
    kept++;
  }
  if (unlisted > 0) warnings.push({ metric, time: null, why: `${unlisted} more warnings like these were not listed` });

  let order: Uint32Array | null = null;
  let sortedTimes = times;
  if (!sorted) {
    order = new Uint32Array(kept);
    for (let i = 0; i < kept; i++) order[i] = i;
    sortedTimes = times.slice(0, kept);
    stableSortByKey(sortedTimes, order);
  }
  // Walk in time order; a run of equal times keeps its last (= last received) point.
  const outTimes = new Float64Array(kept);
  const outValues = new Float64Array(kept);
  let size = 0;
  for (let i = 0; i < kept; i++) {
    const index = order === null ? i : order[i]!;
    const time = sortedTimes[i]!;
    if (size > 0 && outTimes[size - 1] === time) size--;
    outTimes[size] = time;
    outValues[size] = values[index]!;
    size++;
  }
  const series: Series = size === kept ? { times: outTimes, values: outValues } : { times: outTimes.slice(0, size), values: outValues.slice(0, size) };
  return { series, warnings };
}
