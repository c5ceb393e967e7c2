/**
 * The merge of data-file points and pushed points into one cleaned Series per metric: what the
 * screen sees. Pushed points win over file points at the same time. Everything is kept as
 * columns (Float64Arrays), never one object per point. Pushed points are kept once, in the merged
 * series (flagged as pushed); a push of newer points appends in place.
 */
import { cleanColumns, type PointColumns } from '../core/clean-columns.js';
import { cleanPoints } from '../core/clean.js';
import type { DataWarning, RawPoint, Series } from '../core/types.js';
import { columnsOfPoints, concatColumns } from './data-columns.js';
import { readStatePoints } from './db.js';

/** What a data file contributes per metric: columns, or `{t, v}` points (turned into columns on arrival). */
export type FilePoints = ReadonlyMap<string, PointColumns | readonly RawPoint[]>;

/** Warnings kept per metric; more are counted, not listed (a bad feed must not fill memory). */
export const MAX_WARNINGS_PER_METRIC = 100;

/**
 * A metric's cleaned series (file points merged with pushed points) with spare capacity, and
 * which of its points came from a push. This is the only copy of the pushed points kept in
 * memory: a changed data file re-merges the flagged points with the file's new points.
 */
interface MetricPoints {
  times: Float64Array;
  values: Float64Array;
  /** 1 where the point at that index is a pushed point (a push wins over a file point at the same time). */
  pushed: Uint8Array;
  length: number;
  pushedCount: number;
  series: Series;
  warnings: DataWarning[];
  /** The current `series` was handed out: a change before the end of it must go to new columns. */
  handedOut: boolean;
}

/**
 * How much a full column grows (× its capacity). 1.25 keeps the spare room under a quarter
 * (doubling could leave a metric with 100,001 pushed points holding room for 262,144) while
 * copies stay amortized O(1) per point (each point is copied about 5 times over the column's life).
 */
export const COLUMN_GROWTH_FACTOR = 1.25;
/** The smallest capacity a grown column gets, so the first pushes of a metric do not copy every time. */
export const MIN_COLUMN_CAPACITY = 64;

/** The column itself when it has room for `needed` and may be written; otherwise a copy with room. */
function writable<T extends Float64Array | Uint8Array>(array: T, needed: number, copy: boolean): T {
  if (needed <= array.length && !copy) return array;
  const capacity = needed <= array.length ? array.length : Math.max(needed, Math.ceil(array.length * COLUMN_GROWTH_FACTOR), MIN_COLUMN_CAPACITY);
  const bigger = new (array.constructor as new (length: number) => T)(capacity);
  bigger.set(array);
  return bigger;
}

/** The first index in `times[0, length)` whose time is not before `time` (times are sorted). */
function firstAtOrAfter(times: Float64Array, length: number, time: number): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (times[middle]! < time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * File points and pushed points per metric. `setFile`/`removeFile` replace what a data file
 * contributed; `addPushed` adds pushed points; `seriesOf` returns the cleaned merge.
 */
export class PointSet {
  private readonly files = new Map<string, ReadonlyMap<string, PointColumns>>();
  /** Per metric: the merged series. Kept while it holds pushed points; file-only ones are rebuilt when dropped. */
  private readonly merged = new Map<string, MetricPoints>();

  /**
   * Replaces the points that came from one data file (a changed file replaces its points). The
   * columns are kept as given (not copied): do not change them afterwards.
   */
  setFile(path: string, points: FilePoints): void {
    const affected = new Set<string>(this.files.get(path)?.keys() ?? []);
    const columns = new Map<string, PointColumns>();
    for (const [metric, list] of points) {
      affected.add(metric);
      columns.set(metric, Array.isArray(list) ? columnsOfPoints(list) : (list as PointColumns));
    }
    this.files.set(path, columns);
    for (const metric of affected) this.refresh(metric);
  }

  /** Forgets the points of a data file that was deleted. */
  removeFile(path: string): void {
    const before = this.files.get(path);
    if (before === undefined) return;
    this.files.delete(path);
    for (const metric of before.keys()) this.refresh(metric);
  }

  /**
   * Adds pushed points (already durable) of one metric, cleaned, into the metric's merged
   * series: in place when they are all newer (`O(k)`), otherwise merged into the end part
   * they fall in (`O(k + the points after them)`); the last received wins at equal times.
   */
  addPushed(metric: string, points: readonly RawPoint[]): void {
    if (points.length === 0) return;
    const entry = this.merged.get(metric) ?? this.rebuild(metric, null) ?? this.empty(metric);
    const fresh = cleanPoints(metric, points);
    for (const warning of fresh.warnings) {
      if (entry.warnings.length < MAX_WARNINGS_PER_METRIC) entry.warnings.push(warning);
    }
    const freshTimes = fresh.series.times;
    const freshValues = fresh.series.values;
    const count = freshTimes.length;
    if (count === 0) return;
    const length = entry.length;
    const start = length > 0 && freshTimes[0]! <= entry.times[length - 1]! ? firstAtOrAfter(entry.times, length, freshTimes[0]!) : length;
    // The points from `start` on are merged with the fresh ones; a Series handed out earlier
    // covers them, so they are written to new columns then (at most once per hand-out).
    const copy = start < length && entry.handedOut;
    const tailTimes = entry.times.slice(start, length);
    const tailValues = entry.values.slice(start, length);
    const tailPushed = entry.pushed.slice(start, length);
    entry.times = writable(entry.times, length + count, copy);
    entry.values = writable(entry.values, length + count, copy);
    entry.pushed = writable(entry.pushed, length + count, copy);
    let tail = 0;
    let next = 0;
    let write = start;
    while (tail < tailTimes.length || next < count) {
      if (next >= count || (tail < tailTimes.length && tailTimes[tail]! < freshTimes[next]!)) {
        entry.times[write] = tailTimes[tail]!;
        entry.values[write] = tailValues[tail]!;
        entry.pushed[write] = tailPushed[tail]!;
        tail++;
      } else {
        if (tail < tailTimes.length && tailTimes[tail] === freshTimes[next]) {
          if (tailPushed[tail] === 1) entry.pushedCount--;
          tail++;
        }
        entry.times[write] = freshTimes[next]!;
        entry.values[write] = freshValues[next]!;
        entry.pushed[write] = 1;
        entry.pushedCount++;
        next++;
      }
      write++;
    }
    entry.length = write;
    // New subarray views: a Series handed out earlier never changes under its holder.
    entry.series = { times: entry.times.subarray(0, write), values: entry.values.subarray(0, write) };
    if (copy) entry.handedOut = false;
  }

  /** Adds every metric of a map of pushed points (e.g. the stored points at start-up). */
  addPushedAll(points: ReadonlyMap<string, readonly RawPoint[]>): void {
    for (const [metric, list] of points) this.addPushed(metric, list);
  }

  /**
   * Drops pushed points older than `cutoff` (epoch ms) from memory, as the store's retention
   * does on disk, so a long-running daemon does not grow without end. Returns how many went
   * (each time a push left counts once). This runs in `O(n)` over the points.
   */
  forgetPushedBefore(cutoff: number): number {
    let dropped = 0;
    for (const [metric, entry] of this.merged) {
      if (entry.pushedCount === 0) continue;
      let old = 0;
      for (let i = 0; i < entry.length && entry.times[i]! < cutoff; i++) old += entry.pushed[i]!;
      if (old === 0) continue;
      dropped += old;
      // File points a forgotten push had replaced come back: the metric is merged again.
      this.rebuild(metric, this.pushedOf(entry, cutoff));
    }
    return dropped;
  }

  /** The cleaned series of a metric, or undefined when no file or push has any point of it. */
  seriesOf(metric: string): Series | undefined {
    const entry = this.entry(metric);
    if (entry === undefined) return undefined;
    entry.handedOut = true;
    return entry.series;
  }

  /** What cleaning found wrong with a metric's points (gaps, bad times). */
  warningsOf(metric: string): readonly DataWarning[] {
    return this.entry(metric)?.warnings ?? [];
  }

  /** Every metric that has points from a file or a push, sorted. */
  /**
   * Bytes held for merged series (times, values, pushed flags, spare room included); the data
   * files' own columns are not counted. What a long-running daemon keeps per point pushed.
   */
  heldBytes(): number {
    let bytes = 0;
    for (const entry of this.merged.values()) bytes += entry.times.byteLength + entry.values.byteLength + entry.pushed.byteLength;
    return bytes;
  }

  metrics(): string[] {
    const names = new Set<string>();
    for (const [metric, entry] of this.merged) if (entry.pushedCount > 0) names.add(metric);
    for (const points of this.files.values()) for (const metric of points.keys()) names.add(metric);
    return [...names].sort();
  }

  private entry(metric: string): MetricPoints | undefined {
    return this.merged.get(metric) ?? this.rebuild(metric, null);
  }

  /** After a file change: merges the metric's pushed points with the files again (or drops a file-only series). */
  private refresh(metric: string): void {
    const entry = this.merged.get(metric);
    if (entry === undefined) return;
    if (entry.pushedCount === 0) this.merged.delete(metric);
    else this.rebuild(metric, this.pushedOf(entry, Number.NEGATIVE_INFINITY));
  }

  /** The pushed points of a merged series from `cutoff` on (sorted, one per time). */
  private pushedOf(entry: MetricPoints, cutoff: number): PointColumns {
    let count = 0;
    for (let i = 0; i < entry.length; i++) if (entry.pushed[i] === 1 && entry.times[i]! >= cutoff) count++;
    const times = new Float64Array(count);
    const values = new Float64Array(count);
    let write = 0;
    for (let i = 0; i < entry.length; i++) {
      if (entry.pushed[i] !== 1 || entry.times[i]! < cutoff) continue;
      times[write] = entry.times[i]!;
      values[write] = entry.values[i]!;
      write++;
    }
    return { times, values };
  }

  /**
   * Cleans the metric's file points (files in order) and then its pushed points, so pushes win
   * at equal times; stores and returns the result, or forgets the metric when it has no points.
   */
  private rebuild(metric: string, pushed: PointColumns | null): MetricPoints | undefined {
    const parts: PointColumns[] = [];
    for (const columns of this.files.values()) {
      const part = columns.get(metric);
      if (part !== undefined) parts.push(part);
    }
    if (pushed !== null && pushed.times.length > 0) parts.push(pushed);
    if (parts.length === 0) {
      this.merged.delete(metric);
      return undefined;
    }
    const all = concatColumns(parts);
    const { series, warnings } = cleanColumns(metric, all.times, all.values, { maxWarnings: MAX_WARNINGS_PER_METRIC });
    const length = series.times.length;
    // Mark the pushed points: every pushed time is in the result, carrying the pushed value.
    const flags = new Uint8Array(length);
    let pushedCount = 0;
    if (pushed !== null) {
      let next = 0;
      for (let i = 0; i < length && next < pushed.times.length; i++) {
        while (next < pushed.times.length && pushed.times[next]! < series.times[i]!) next++;
        if (next < pushed.times.length && pushed.times[next] === series.times[i]) {
          flags[i] = 1;
          pushedCount++;
        }
      }
    }
    const entry: MetricPoints = { times: series.times, values: series.values, pushed: flags, length, pushedCount, series, warnings, handedOut: false };
    this.merged.set(metric, entry);
    return entry;
  }

  /** A new metric with no points yet (its first push is on its way). */
  private empty(metric: string): MetricPoints {
    const times = new Float64Array(0);
    const values = new Float64Array(0);
    const entry: MetricPoints = { times, values, pushed: new Uint8Array(0), length: 0, pushedCount: 0, series: { times, values }, warnings: [], handedOut: false };
    this.merged.set(metric, entry);
    return entry;
  }
}

/**
 * A PointSet of data-file points (columns or `{t, v}` lists) plus the pushed points stored in a
 * state directory (pushes win): what `eval --state DIR` and `render --state DIR` show.
 */
export function pointSetOf(files: ReadonlyMap<string, FilePoints>, stateDir?: string): PointSet {
  const set = new PointSet();
  for (const [path, points] of files) set.setFile(path, points);
  if (stateDir !== undefined) set.addPushedAll(readStatePoints(stateDir));
  return set;
}
