/**
 * Cleaning of points given as columns (KPI-SPEC §1): the one implementation behind `cleanPoints`
 * and the data-file/push merge. Columns instead of `{t, v}` objects so a year of one-minute data
 * is a few typed arrays, not millions of objects for the garbage collector to walk.
 */
import type { DataWarning, Series } from './types.js';

/** One metric's points as received, column-wise: epoch-ms times and values (NaN = a gap). */
export interface PointColumns {
  readonly times: Float64Array;
  readonly values: Float64Array;
}

/** Limits of cleaning. */
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

/** Why a column value is a gap: NaN is how columns carry a missing value (null). */
function columnGapReason(value: number): string {
  if (Number.isNaN(value)) return 'value is missing (null); kept as a gap';
  return `value is ${value > 0 ? '+' : '-'}Infinity; kept as a gap`;
}

/**
 * Stable natural merge sort of `keys` carrying `order` along (both changed in place); ties keep
 * input order. It starts from the runs already in order, so data that is in order but for a few
 * places (a DST fall-back hour, a late file) takes one or two passes instead of log n. Keys move
 * with their indices so every pass reads memory in sequence. This runs in `O(n log r)` for r runs,
 * at most `O(n log n)`.
 */
function stableSortByKey(keys: Float64Array, order: Uint32Array): void {
  const n = keys.length;
  // Run boundaries: 0, every place where a key is smaller than the one before, n.
  const bounds = new Uint32Array(n + 1);
  let runs = 0;
  for (let i = 1; i < n; i++) if (keys[i]! < keys[i - 1]!) bounds[++runs] = i;
  bounds[++runs] = n;
  if (runs <= 1) return;
  let keysFrom: Float64Array = keys;
  let orderFrom: Uint32Array = order;
  let keysTo: Float64Array = new Float64Array(n);
  let orderTo: Uint32Array = new Uint32Array(n);
  while (runs > 1) {
    // Merge runs pairwise; the new boundaries are written over the old ones behind the reads.
    let merged = 0;
    for (let r = 0; r < runs; r += 2) {
      const left = bounds[r]!;
      const middle = bounds[r + 1]!;
      const right = r + 2 <= runs ? bounds[r + 2]! : middle;
      mergeRuns(keysFrom, orderFrom, keysTo, orderTo, left, middle, right);
      bounds[++merged] = right;
    }
    runs = merged;
    [keysFrom, keysTo] = [keysTo, keysFrom];
    [orderFrom, orderTo] = [orderTo, orderFrom];
  }
  if (keysFrom !== keys) {
    keys.set(keysFrom);
    order.set(orderFrom);
  }
}

/** Merges the sorted runs [left, middle) and [middle, right) of `keysFrom` into `keysTo`, stably. */
function mergeRuns(keysFrom: Float64Array, orderFrom: Uint32Array, keysTo: Float64Array, orderTo: Uint32Array, left: number, middle: number, right: number): void {
  if (middle >= right || keysFrom[middle - 1]! <= keysFrom[middle]!) {
    keysTo.set(keysFrom.subarray(left, right), left);
    orderTo.set(orderFrom.subarray(left, right), left);
    return;
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
  if (i < middle) {
    keysTo.set(keysFrom.subarray(i, middle), k);
    orderTo.set(orderFrom.subarray(i, middle), k);
  } else if (j < right) {
    keysTo.set(keysFrom.subarray(j, right), k);
    orderTo.set(orderFrom.subarray(j, right), k);
  }
}

/**
 * Turns points given as columns (`times[i]`, `values[i]`, in the order received) into a Series
 * (KPI-SPEC §1): points whose time is not finite are dropped, values that are NaN or ±Infinity
 * become gaps (NaN), each with a warning; points are sorted by time (stable) and for a duplicate
 * time the last received wins. The input arrays are not changed; pairs past the shorter column
 * are ignored. `notes` (input index → why) replaces the default warning text for those points:
 * `cleanPoints` uses it to name the original junk. `O(n)` when already in time order, else
 * `O(n log n)`.
 *
 * @example cleanColumns('leads', Float64Array.of(2, 1, 2), Float64Array.of(5, NaN, 7))
 * // { series: { times: [1, 2], values: [NaN, 7] }, warnings: [{ metric: 'leads', time: '1970-01-01T00:00:00.001Z', why: 'value is missing (null); kept as a gap' }] }
 */
export function cleanColumns(
  metric: string,
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  options: CleanOptions = {},
  notes: ReadonlyMap<number, string> | null = null,
): CleanResult {
  const maxWarnings = options.maxWarnings ?? DEFAULT_MAX_WARNINGS;
  const warnings: DataWarning[] = [];
  let unlisted = 0;
  const warn = (time: string | null, why: string): void => {
    if (warnings.length < maxWarnings) warnings.push({ metric, time, why });
    else unlisted++;
  };

  const n = Math.min(times.length, values.length);
  const keptTimes = new Float64Array(n);
  const keptValues = new Float64Array(n);
  let kept = 0;
  let sorted = true;
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const time = times[i]!;
    if (!Number.isFinite(time)) {
      warn(null, notes?.get(i) ?? `time ${String(time)} is not a finite epoch-ms number; point dropped`);
      continue;
    }
    let value = values[i]!;
    if (!Number.isFinite(value)) {
      warn(new Date(time).toISOString(), notes?.get(i) ?? columnGapReason(value));
      value = Number.NaN;
    }
    if (time < last) sorted = false;
    last = time;
    keptTimes[kept] = time;
    keptValues[kept] = value;
    kept++;
  }
  if (unlisted > 0) warnings.push({ metric, time: null, why: `${unlisted} more warnings like these were not listed` });

  // Walk in time order; a run of equal times keeps its last (= last received) point.
  let size = 0;
  let outTimes = keptTimes;
  let outValues = keptValues;
  if (sorted) {
    // In place: the write index never passes the read index.
    for (let i = 0; i < kept; i++) {
      const time = keptTimes[i]!;
      if (size > 0 && keptTimes[size - 1] === time) size--;
      keptTimes[size] = time;
      keptValues[size] = keptValues[i]!;
      size++;
    }
  } else {
    const order = new Uint32Array(kept);
    for (let i = 0; i < kept; i++) order[i] = i;
    outTimes = keptTimes.subarray(0, kept);
    stableSortByKey(outTimes, order);
    outValues = new Float64Array(kept);
    for (let i = 0; i < kept; i++) {
      const time = outTimes[i]!;
      if (size > 0 && outTimes[size - 1] === time) size--;
      outTimes[size] = time;
      outValues[size] = keptValues[order[i]!]!;
      size++;
    }
  }
  const series: Series = size === n ? { times: outTimes, values: outValues } : { times: outTimes.slice(0, size), values: outValues.slice(0, size) };
  return { series, warnings };
}
