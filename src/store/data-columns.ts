/**
 * Growable time/value columns for the data-file parsers: a metric's points as two Float64Arrays
 * (NaN = gap) instead of one object per point, so a year of one-minute data stays a few MB.
 */
import type { PointColumns } from '../core/clean-columns.js';

/** Points a column starts with room for; it doubles as it fills. */
export const INITIAL_COLUMN_CAPACITY = 1024;
/** The largest capacity a hint may ask for up front (beyond it the column grows as it fills). */
export const MAX_COLUMN_CAPACITY_HINT = 8_000_000;
/** Points all the columns of one file may reserve up front together (8 M points = 128 MB). */
export const MAX_HINTED_POINTS_PER_FILE = 8_000_000;
/** A finished column at least this full keeps its buffer (no copy); emptier ones are copied to size. */
export const KEEP_FILLED_FRACTION = 0.75;

/** One metric's points in file order, appended one at a time. */
export class ColumnBuilder {
  private times: Float64Array;
  private values: Float64Array;
  length = 0;

  /** `capacity`: the points expected (e.g. the rows of a wide CSV), so the columns need not grow. */
  constructor(capacity = INITIAL_COLUMN_CAPACITY) {
    const size = Number.isFinite(capacity) ? Math.max(1, Math.min(Math.floor(capacity), MAX_COLUMN_CAPACITY_HINT)) : INITIAL_COLUMN_CAPACITY;
    this.times = new Float64Array(size);
    this.values = new Float64Array(size);
  }

  /** Appends a point; a null value is stored as NaN (a gap). */
  push(time: number, value: number | null): void {
    if (this.length === this.times.length) this.grow();
    this.times[this.length] = time;
    this.values[this.length] = value === null ? Number.NaN : value;
    this.length++;
  }

  /**
   * The points as columns. Nearly full columns are handed out as they are (views, no copy);
   * mostly empty ones are copied so the spare capacity is freed.
   */
  done(): PointColumns {
    if (this.length === this.times.length) return { times: this.times, values: this.values };
    if (this.length >= this.times.length * KEEP_FILLED_FRACTION) return { times: this.times.subarray(0, this.length), values: this.values.subarray(0, this.length) };
    return { times: this.times.slice(0, this.length), values: this.values.slice(0, this.length) };
  }

  private grow(): void {
    const size = Math.max(INITIAL_COLUMN_CAPACITY, this.times.length * 2);
    const times = new Float64Array(size);
    const values = new Float64Array(size);
    times.set(this.times);
    values.set(this.values);
    this.times = times;
    this.values = values;
  }
}

/** Builders per metric, in the order metrics were first seen. */
export type ColumnBuilders = Map<string, ColumnBuilder>;

/** The builder of a metric, made on first use (with room for `capacity` points when known). */
export function builderOf(builders: ColumnBuilders, metric: string, capacity?: number): ColumnBuilder {
  let builder = builders.get(metric);
  if (builder === undefined) {
    builder = new ColumnBuilder(capacity);
    builders.set(metric, builder);
  }
  return builder;
}

/** Finished columns per metric; metrics without a point are left out. */
export function finishColumns(builders: ColumnBuilders): Map<string, PointColumns> {
  const columns = new Map<string, PointColumns>();
  for (const [metric, builder] of builders) if (builder.length > 0) columns.set(metric, builder.done());
  return columns;
}

/** Columns concatenated in order (the first list's points first). */
export function concatColumns(parts: readonly PointColumns[]): PointColumns {
  if (parts.length === 1) return parts[0]!;
  let total = 0;
  for (const part of parts) total += Math.min(part.times.length, part.values.length);
  const times = new Float64Array(total);
  const values = new Float64Array(total);
  let at = 0;
  for (const part of parts) {
    const length = Math.min(part.times.length, part.values.length);
    times.set(part.times.subarray(0, length), at);
    values.set(part.values.subarray(0, length), at);
    at += length;
  }
  return { times, values };
}

/** Columns of `{t, v}` points (null or a non-number value → NaN, a non-number time → NaN, dropped on cleaning). */
export function columnsOfPoints(points: readonly { readonly t: unknown; readonly v: unknown }[]): PointColumns {
  const times = new Float64Array(points.length);
  const values = new Float64Array(points.length);
  for (let index = 0; index < points.length; index++) {
    const point = points[index];
    const time = point?.t;
    const value = point?.v;
    times[index] = typeof time === 'number' ? time : Number.NaN;
    values[index] = typeof value === 'number' ? value : Number.NaN;
  }
  return { times, values };
}
