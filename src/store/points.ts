/**
 * The merge of data-file points and pushed points into one cleaned Series per metric: what the
 * screen sees. Pushed points win over file points at the same time. Everything is kept as
 * columns (Float64Arrays), never one object per point. Series are cached per metric until that
 * metric changes, and a push of newer points appends in place.
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

/** Pushed points in arrival order, compact: NaN stands for an explicit gap (null). */
interface PushedPoints {
  times: Float64Array;
  values: Float64Array;
  length: number;
}

/** A cleaned series with spare capacity so appends of newer points are cheap. */
interface CachedSeries {
  times: Float64Array;
  values: Float64Array;
  length: number;
  series: Series;
  warnings: DataWarning[];
}

/**
 * How much a full column grows (× its capacity). Every pushed point is kept twice (raw and
 * cleaned), so spare capacity is paid twice: doubling could leave a metric with 100,000 pushed
 * points holding room for 131,072 of each (and a 100,001st point makes room for 262,144 — 4 MB
 * for 1.6 MB of points). 1.25 keeps the spare room under a quarter while copies stay amortized
 * O(1) per point (each point is copied about 5 times over the column's life).
 */
export const COLUMN_GROWTH_FACTOR = 1.25;
/** The smallest capacity a grown column gets, so the first pushes of a metric do not copy every time. */
export const MIN_COLUMN_CAPACITY = 64;

function grow(array: Float64Array, needed: number): Float64Array {
  if (needed <= array.length) return array;
  const bigger = new Float64Array(Math.max(needed, Math.ceil(array.length * COLUMN_GROWTH_FACTOR), MIN_COLUMN_CAPACITY));
  bigger.set(array);
  return bigger;
}

/**
 * File points and pushed points per metric. `setFile`/`removeFile` replace what a data file
 * contributed; `addPushed` adds pushed points; `seriesOf` returns the cleaned merge (cached).
 */
export class PointSet {
  private readonly files = new Map<string, ReadonlyMap<string, PointColumns>>();
  private readonly pushed = new Map<string, PushedPoints>();
  private readonly cache = new Map<string, CachedSeries>();

  /**
   * Replaces the points that came from one data file (a changed file replaces its points). The
   * columns are kept as given (not copied): do not change them afterwards.
   */
  setFile(path: string, points: FilePoints): void {
    const before = this.files.get(path);
    if (before !== undefined) for (const metric of before.keys()) this.cache.delete(metric);
    const columns = new Map<string, PointColumns>();
    for (const [metric, list] of points) {
      this.cache.delete(metric);
      columns.set(metric, Array.isArray(list) ? columnsOfPoints(list) : (list as PointColumns));
    }
    this.files.set(path, columns);
  }

  /** Forgets the points of a data file that was deleted. */
  removeFile(path: string): void {
    const before = this.files.get(path);
    if (before === undefined) return;
    for (const metric of before.keys()) this.cache.delete(metric);
    this.files.delete(path);
  }

  /**
   * Adds pushed points (already durable) of one metric. When they are all newer than the
   * cached series they are appended in place (`O(k)`); otherwise the metric is re-merged on
   * the next `seriesOf`.
   */
  addPushed(metric: string, points: readonly RawPoint[]): void {
    if (points.length === 0) return;
    let stored = this.pushed.get(metric);
    if (stored === undefined) {
      stored = { times: new Float64Array(0), values: new Float64Array(0), length: 0 };
      this.pushed.set(metric, stored);
    }
    const needed = stored.length + points.length;
    stored.times = grow(stored.times, needed);
    stored.values = grow(stored.values, needed);
    for (const point of points) {
      stored.times[stored.length] = point.t;
      stored.values[stored.length] = point.v === null ? Number.NaN : point.v;
      stored.length++;
    }
    const cached = this.cache.get(metric);
    if (cached === undefined) return;
    const fresh = cleanPoints(metric, points);
    const freshTimes = fresh.series.times;
    const last = cached.length > 0 ? cached.times[cached.length - 1]! : Number.NEGATIVE_INFINITY;
    if (freshTimes.length === 0 || freshTimes[0]! <= last) {
      this.cache.delete(metric);
      return;
    }
    const total = cached.length + freshTimes.length;
    cached.times = grow(cached.times, total);
    cached.values = grow(cached.values, total);
    cached.times.set(freshTimes, cached.length);
    cached.values.set(fresh.series.values, cached.length);
    cached.length = total;
    // New subarray views: a Series handed out earlier never changes under its holder.
    cached.series = { times: cached.times.subarray(0, total), values: cached.values.subarray(0, total) };
    for (const warning of fresh.warnings) {
      if (cached.warnings.length < MAX_WARNINGS_PER_METRIC) cached.warnings.push(warning);
    }
  }

  /** Adds every metric of a map of pushed points (e.g. the stored points at start-up). */
  addPushedAll(points: ReadonlyMap<string, readonly RawPoint[]>): void {
    for (const [metric, list] of points) this.addPushed(metric, list);
  }

  /**
   * Drops pushed points older than `cutoff` (epoch ms) from memory, as the store's retention
   * does on disk, so a long-running daemon does not grow without end. Returns how many went.
   * This runs in `O(n)` over the pushed points.
   */
  forgetPushedBefore(cutoff: number): number {
    let dropped = 0;
    for (const [metric, stored] of this.pushed) {
      let kept = 0;
      for (let i = 0; i < stored.length; i++) {
        const time = stored.times[i]!;
        if (time < cutoff) continue;
        stored.times[kept] = time;
        stored.values[kept] = stored.values[i]!;
        kept++;
      }
      if (kept === stored.length) continue;
      dropped += stored.length - kept;
      stored.length = kept;
      this.cache.delete(metric);
      if (kept === 0) this.pushed.delete(metric);
      else if (kept < stored.times.length / 2) {
        // Give back the room of the points that went (a copy of what is kept, once).
        stored.times = stored.times.slice(0, kept);
        stored.values = stored.values.slice(0, kept);
      }
    }
    return dropped;
  }

  /** The cleaned series of a metric, or undefined when no file or push has any point of it. */
  seriesOf(metric: string): Series | undefined {
    return this.entry(metric)?.series;
  }

  /** What cleaning found wrong with a metric's points (gaps, bad times). */
  warningsOf(metric: string): readonly DataWarning[] {
    return this.entry(metric)?.warnings ?? [];
  }

  /** Every metric that has points from a file or a push, sorted. */
  metrics(): string[] {
    const names = new Set<string>(this.pushed.keys());
    for (const points of this.files.values()) for (const metric of points.keys()) names.add(metric);
    return [...names].sort();
  }

  private entry(metric: string): CachedSeries | undefined {
    const cached = this.cache.get(metric);
    if (cached !== undefined) return cached;
    const parts: PointColumns[] = [];
    for (const columns of this.files.values()) {
      const part = columns.get(metric);
      if (part !== undefined) parts.push(part);
    }
    // Pushed points go last: for equal times cleaning keeps the last received, so pushes win.
    const pushed = this.pushed.get(metric);
    if (pushed !== undefined) parts.push({ times: pushed.times.subarray(0, pushed.length), values: pushed.values.subarray(0, pushed.length) });
    if (parts.length === 0) return undefined;
    const all = concatColumns(parts);
    const { series, warnings } = cleanColumns(metric, all.times, all.values, { maxWarnings: MAX_WARNINGS_PER_METRIC });
    const entry: CachedSeries = { times: series.times, values: series.values, length: series.times.length, series, warnings };
    this.cache.set(metric, entry);
    return entry;
  }

}

/**
 * Every pushed point stored in a state directory, by metric: `eval --state DIR` and
 * `render --state DIR` add these to a PointSet (after the data files) to see what the screen sees.
 */
export function openStateReader(stateDir: string): Map<string, RawPoint[]> {
  return readStatePoints(stateDir);
}

/** A PointSet of data-file points (columns or `{t, v}` lists) plus the pushed points of a state directory (pushes win). */
export function pointSetOf(files: ReadonlyMap<string, FilePoints>, stateDir?: string): PointSet {
  const set = new PointSet();
  for (const [path, points] of files) set.setFile(path, points);
  if (stateDir !== undefined) set.addPushedAll(openStateReader(stateDir));
  return set;
}
