/**
 * Cleaning of points given as `{t, v}` objects (pushes, tests): a thin wrapper that turns them
 * into columns for `cleanColumns`, so there is one implementation of KPI-SPEC §1.
 */
import { cleanColumns, type CleanOptions, type CleanResult } from './clean-columns.js';
import type { RawPoint } from './types.js';

export { DEFAULT_MAX_WARNINGS, cleanColumns, type CleanOptions, type CleanResult, type PointColumns } from './clean-columns.js';

/** Why a value that is not a plain number is a gap (the text names what was received). */
function junkValueReason(value: unknown): string {
  if (value === null || value === undefined) return 'value is missing (null); kept as a gap';
  return `value ${JSON.stringify(value)} is not a number; kept as a gap`;
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
  const points = Array.isArray(raw) ? raw : [];
  const times = new Float64Array(points.length);
  const values = new Float64Array(points.length);
  // What the columns cannot say (junk times, null vs NaN, strings) goes in notes by index.
  let notes: Map<number, string> | null = null;
  const note = (index: number, why: string): void => {
    notes ??= new Map();
    notes.set(index, why);
  };
  for (let index = 0; index < points.length; index++) {
    const point: unknown = points[index];
    const time = point === null || typeof point !== 'object' ? undefined : (point as { t?: unknown }).t;
    if (typeof time !== 'number') {
      times[index] = Number.NaN;
      note(index, `time ${JSON.stringify(time) ?? 'undefined'} is not a finite epoch-ms number; point dropped`);
      continue;
    }
    times[index] = time;
    const value = (point as { v?: unknown }).v;
    if (typeof value === 'number') {
      values[index] = value;
      if (Number.isNaN(value)) note(index, 'value is NaN; kept as a gap');
    } else {
      values[index] = Number.NaN;
      note(index, junkValueReason(value));
    }
  }
  return cleanColumns(metric, times, values, options, notes);
}
