/**
 * The durable store of pushed points: one SQLite file (better-sqlite3) in WAL mode with
 * `synchronous = FULL`, so a write that returned is on disk and survives a power cut.
 * Writes that arrive together share one transaction (group commit) so they share one fsync.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RawPoint } from '../core/types.js';

/**
 * How long pushed points are kept. 840 days: the longest look-back the KPI math needs is a
 * quarter KPI with the default driver baseline of 8, i.e. the current quarter plus 8 previous
 * ones = 9 quarters ≤ 9 × 92 = 828 days; a year KPI's previous period needs 2 years = 731 days.
 * 12 days on top cover clocks that were wrong for a while.
 */
export const DEFAULT_RETENTION_DAYS = 840;

/** How often old points are pruned while the store is open (hourly: pruning is not urgent). */
export const DEFAULT_PRUNE_EVERY_MS = 3_600_000;

/**
 * SQLite's page cache per connection, in KiB. better-sqlite3 builds SQLite with a 16 MB default
 * (SQLITE_DEFAULT_CACHE_SIZE=-16000), which a daemon appending points fills page by page as the
 * table grows: resident memory that rises with every push for no gain, since appends touch only
 * the right edge of the primary key and the full table is read once, at start-up. 1 MiB holds
 * that edge for hundreds of metrics.
 */
export const DEFAULT_CACHE_KIB = 1024;

/** The store's file name inside a state directory (`run --state DIR`, `eval --state DIR`). */
export const STATE_DB_FILE = 'points.sqlite';

const DAY_MS = 86_400_000;

/** Points of one metric to store. Times are epoch ms; a null value is an explicit gap. */
export interface PointBatch {
  readonly metric: string;
  readonly points: readonly RawPoint[];
}

export interface PointStoreOptions {
  /** Days of points kept (default DEFAULT_RETENTION_DAYS); older points are deleted. */
  readonly retentionDays?: number;
  /** How often pruning runs while open (default DEFAULT_PRUNE_EVERY_MS); 0 = only at open. */
  readonly pruneEveryMs?: number;
  /** Open for reading only (eval/render --state): no pruning, no writes. */
  readonly readonly?: boolean;
  /** SQLite page cache in KiB (default DEFAULT_CACHE_KIB). */
  readonly cacheKiB?: number;
  /** The clock for retention (tests); default Date.now. */
  readonly now?: () => number;
}

interface Pending {
  readonly batches: readonly PointBatch[];
  readonly resolve: (count: number) => void;
  readonly reject: (error: Error) => void;
}

/** The path of the store inside a state directory. */
export function stateDbPath(stateDir: string): string {
  return join(stateDir, STATE_DB_FILE);
}

/**
 * A durable point store. `insert` resolves only after the transaction holding the points has
 * been committed with a full fsync; everything queued in the same event-loop turn is committed
 * together. Same metric and time twice: the last write wins.
 */
export class PointStore {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly retentionMs: number;
  private readonly now: () => number;
  private readonly metricIds = new Map<string, number>();
  private queue: Pending[] = [];
  private flushScheduled = false;
  private pruneTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private commits = 0;
  private written = 0;
  private readonly insertPoint: Database.Statement;
  private readonly insertMetric: Database.Statement;
  private readonly selectPoints: Database.Statement;

  /** Opens (or creates) the store at `path`; the directory is created when missing. */
  constructor(path: string, options: PointStoreOptions = {}) {
    this.path = path;
    const readonly = options.readonly === true;
    if (!readonly) mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path, { readonly, fileMustExist: readonly, timeout: 5_000 });
    this.retentionMs = (options.retentionDays ?? DEFAULT_RETENTION_DAYS) * DAY_MS;
    this.now = options.now ?? Date.now;
    // A negative cache_size is KiB; read-only connections (eval/render --state) read once, too.
    this.db.pragma(`cache_size = ${-Math.max(64, Math.round(options.cacheKiB ?? DEFAULT_CACHE_KIB))}`);
    if (!readonly) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.pragma('journal_size_limit = 16777216');
      this.db.exec(`
        CREATE TABLE IF NOT EXISTS metrics (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        CREATE TABLE IF NOT EXISTS points (
          metric_id INTEGER NOT NULL, t INTEGER NOT NULL, v REAL,
          PRIMARY KEY (metric_id, t)
        ) WITHOUT ROWID;`);
    }
    this.loadMetricIds();
    this.selectPoints = this.db.prepare('SELECT t, v FROM points WHERE metric_id = ? ORDER BY t').raw(true);
    // Read-only connections cannot prepare writes; give them statements that are never run.
    this.insertPoint = readonly ? this.selectPoints : this.db.prepare('INSERT OR REPLACE INTO points (metric_id, t, v) VALUES (?, ?, ?)');
    this.insertMetric = readonly ? this.selectPoints : this.db.prepare('INSERT INTO metrics (name) VALUES (?)');
    if (!readonly) {
      this.prune();
      const every = options.pruneEveryMs ?? DEFAULT_PRUNE_EVERY_MS;
      if (every > 0) {
        this.pruneTimer = setInterval(() => this.prune(), every);
        this.pruneTimer.unref();
      }
    }
  }

  /**
   * Stores the batches; resolves with the number of points once they are committed to disk.
   * Calls made in the same event-loop turn share one transaction and one fsync.
   */
  insert(batches: readonly PointBatch[]): Promise<number> {
    if (this.closed) return Promise.reject(new Error(`point store ${this.path} is closed`));
    return new Promise((resolve, reject) => {
      this.queue.push({ batches, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Stores the batches now, synchronously; on return they are on disk. Returns the point count. */
  insertNow(batches: readonly PointBatch[]): number {
    if (this.closed) throw new Error(`point store ${this.path} is closed`);
    const count = this.transaction(() => this.write(batches));
    this.commits++;
    return count;
  }

  /** Every stored point of a metric, oldest first. */
  pointsOf(metric: string): RawPoint[] {
    const id = this.metricIds.get(metric);
    if (id === undefined) return [];
    const rows = this.selectPoints.all(id) as [number, number | null][];
    return rows.map(([t, v]) => ({ t, v }));
  }

  /** The names of metrics that have stored points (or had). */
  metrics(): string[] {
    return [...this.metricIds.keys()].sort();
  }

  /** Every stored point, by metric, oldest first. */
  allPoints(): Map<string, RawPoint[]> {
    const all = new Map<string, RawPoint[]>();
    for (const metric of this.metrics()) {
      const points = this.pointsOf(metric);
      if (points.length > 0) all.set(metric, points);
    }
    return all;
  }

  /** Transactions committed and points written since open: points per commit shows the group commit at work. */
  stats(): { commits: number; points: number } {
    return { commits: this.commits, points: this.written };
  }

  /** How many points are stored. */
  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM points').get() as { n: number }).n;
  }

  /** Deletes points older than the retention; returns how many went. Runs at open and on a timer. */
  prune(now: number = this.now()): number {
    if (this.closed || this.db.readonly) return 0;
    const cutoff = now - this.retentionMs;
    // Per metric, so each delete is a range of the primary key instead of a full scan.
    const remove = this.db.prepare('DELETE FROM points WHERE metric_id = ? AND t < ?');
    let removed = 0;
    for (const id of this.metricIds.values()) removed += remove.run(id, cutoff).changes;
    return removed;
  }

  /** Commits what is queued, stops the prune timer and closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.queue.length > 0) this.flush();
    this.closed = true;
    if (this.pruneTimer !== null) clearInterval(this.pruneTimer);
    this.db.close();
  }

  /** One transaction for everything queued; if it fails, each call is retried alone so one bad call fails alone. */
  private flush(): void {
    this.flushScheduled = false;
    const pending = this.queue;
    this.queue = [];
    if (pending.length === 0) return;
    if (this.closed) {
      for (const entry of pending) entry.reject(new Error(`point store ${this.path} is closed`));
      return;
    }
    let counts: number[];
    try {
      counts = this.transaction(() => pending.map((entry) => this.write(entry.batches)));
      this.commits++;
    } catch {
      for (const entry of pending) {
        try {
          const count = this.transaction(() => this.write(entry.batches));
          this.commits++;
          entry.resolve(count);
        } catch (error) {
          entry.reject(error instanceof Error ? error : new Error(String(error)));
        }
      }
      return;
    }
    pending.forEach((entry, index) => entry.resolve(counts[index]!));
  }

  /**
   * Runs `work` in one transaction. When it fails, the rollback also undoes metrics it created,
   * so their ids are forgotten too (read again from the table): a cached id of a rolled-back
   * metric would later be handed to another new metric, mixing two metrics' points.
   */
  private transaction<Result>(work: () => Result): Result {
    try {
      return this.db.transaction(work)();
    } catch (error) {
      this.loadMetricIds();
      throw error;
    }
  }

  /** The metric name → id map, as stored. */
  private loadMetricIds(): void {
    this.metricIds.clear();
    for (const row of this.db.prepare('SELECT id, name FROM metrics').all() as { id: number; name: string }[]) {
      this.metricIds.set(row.name, row.id);
    }
  }

  private write(batches: readonly PointBatch[]): number {
    let count = 0;
    for (const batch of batches) {
      const id = this.metricId(batch.metric);
      for (const point of batch.points) {
        this.insertPoint.run(id, Math.round(point.t), point.v === null || !Number.isFinite(point.v) ? null : point.v);
        count++;
      }
    }
    this.written += count;
    return count;
  }

  private metricId(metric: string): number {
    let id = this.metricIds.get(metric);
    if (id === undefined) {
      id = Number(this.insertMetric.run(metric).lastInsertRowid);
      this.metricIds.set(metric, id);
    }
    return id;
  }
}

/** Opens (or creates) the store of a state directory for the daemon. */
export function openPointStore(stateDir: string, options: PointStoreOptions = {}): PointStore {
  return new PointStore(stateDbPath(stateDir), options);
}

/**
 * Every pushed point in a state directory, by metric (for `eval --state` and `render --state`):
 * what the daemon's screen sees. A state directory without a store yet has no pushed points.
 */
export function readStatePoints(stateDir: string): Map<string, RawPoint[]> {
  const path = stateDbPath(stateDir);
  if (!existsSync(path)) return new Map();
  const store = new PointStore(path, { readonly: true });
  try {
    return store.allPoints();
  } finally {
    void store.close();
  }
}
