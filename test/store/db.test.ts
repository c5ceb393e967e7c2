import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PointStore, openPointStore, readStatePoints, stateDbPath } from '../../src/store/db.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-12-03T10:00:00Z');

/** Rows of the file as a second connection sees them: what survives this process. */
function rowsOnDisk(path: string): { name: string; t: number; v: number | null }[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT m.name AS name, p.t AS t, p.v AS v FROM points p JOIN metrics m ON m.id = p.metric_id ORDER BY m.name, p.t').all() as { name: string; t: number; v: number | null }[];
  } finally {
    db.close();
  }
}

describe('PointStore', () => {
  let dir: string;
  let store: PointStore | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kpi-db-'));
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens in WAL mode with synchronous FULL', () => {
    store = openPointStore(dir, { now: () => T0 });
    const db = new Database(stateDbPath(dir), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    // synchronous is per connection: read it through the store's own connection.
    const own = (store as unknown as { db: Database.Database }).db;
    expect(own.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('has the points in the file when insert resolves', async () => {
    store = openPointStore(dir, { now: () => T0 });
    const count = await store.insert([{ metric: 'inbound_leads', points: [{ t: T0, v: 17 }, { t: T0 + 1000, v: null }] }]);
    expect(count).toBe(2);
    expect(rowsOnDisk(stateDbPath(dir))).toEqual([
      { name: 'inbound_leads', t: T0, v: 17 },
      { name: 'inbound_leads', t: T0 + 1000, v: null },
    ]);
  });

  it('commits inserts made in the same turn together, each resolving with its own count', async () => {
    store = openPointStore(dir, { now: () => T0 });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store!.insert([{ metric: `m${i % 3}`, points: [{ t: T0 + i, v: i }] }, { metric: 'all', points: [{ t: T0 + i, v: i }] }])),
    );
    expect(results).toEqual(Array(50).fill(2));
    expect(rowsOnDisk(stateDbPath(dir))).toHaveLength(100);
    // One transaction, so one fsync, for all fifty.
    expect(store.stats()).toEqual({ commits: 1, points: 100 });
  });

  it('keeps the last value written for the same metric and time', async () => {
    store = openPointStore(dir, { now: () => T0 });
    await store.insert([{ metric: 'seo_rank', points: [{ t: T0, v: 5 }] }]);
    await store.insert([{ metric: 'seo_rank', points: [{ t: T0, v: 3 }, { t: T0, v: 4 }] }]);
    expect(store.pointsOf('seo_rank')).toEqual([{ t: T0, v: 4 }]);
  });

  it('keeps everything across close and reopen', async () => {
    store = openPointStore(dir, { now: () => T0 });
    store.insertNow([{ metric: 'a', points: [{ t: T0 - 2, v: 1 }] }]);
    const pending = store.insert([{ metric: 'b', points: [{ t: T0 - 1, v: 2.5 }] }]);
    await store.close();
    await expect(pending).resolves.toBe(1);
    store = openPointStore(dir, { now: () => T0 });
    expect(store.metrics()).toEqual(['a', 'b']);
    expect([...store.allPoints()]).toEqual([
      ['a', [{ t: T0 - 2, v: 1 }]],
      ['b', [{ t: T0 - 1, v: 2.5 }]],
    ]);
  });

  it('refuses writes after close with a message naming the file', async () => {
    store = openPointStore(dir, { now: () => T0 });
    await store.close();
    await expect(store.insert([{ metric: 'a', points: [{ t: T0, v: 1 }] }])).rejects.toThrow(/points\.sqlite is closed/);
  });

  it('prunes points older than the retention, at open and on demand', async () => {
    let now = T0;
    store = openPointStore(dir, { retentionDays: 10, now: () => now });
    store.insertNow([{ metric: 'a', points: [{ t: T0 - 11 * DAY, v: 1 }, { t: T0 - 9 * DAY, v: 2 }, { t: T0, v: 3 }] }]);
    expect(store.prune()).toBe(1);
    expect(store.pointsOf('a').map((p) => p.v)).toEqual([2, 3]);
    await store.close();
    now = T0 + 5 * DAY;
    store = openPointStore(dir, { retentionDays: 10, now: () => now });
    expect(store.pointsOf('a').map((p) => p.v)).toEqual([3]);
  });

  it('keeps 840 days by default: a quarter KPI with a baseline of 8 quarters still has its oldest quarter', async () => {
    store = openPointStore(dir, { now: () => T0 });
    store.insertNow([{ metric: 'a', points: [{ t: T0 - 828 * DAY, v: 1 }, { t: T0 - 841 * DAY, v: 0 }] }]);
    store.prune();
    expect(store.pointsOf('a')).toEqual([{ t: T0 - 828 * DAY, v: 1 }]);
  });

  it('lets a reader see what the running writer committed (eval --state while the daemon runs)', async () => {
    store = openPointStore(dir, { now: () => T0 });
    await store.insert([{ metric: 'search_traffic', points: [{ t: T0, v: 900 }] }]);
    expect(readStatePoints(dir)).toEqual(new Map([['search_traffic', [{ t: T0, v: 900 }]]]));
  });

  it('keeps two new metrics apart after a write of one of them failed and was rolled back', () => {
    store = openPointStore(dir, { now: () => T0 });
    expect(() => store!.insertNow([{ metric: 'fresh', points: [{ t: Number.NaN, v: 1 }] }])).toThrow();
    store.insertNow([{ metric: 'fresh', points: [{ t: T0, v: 5 }] }]);
    store.insertNow([{ metric: 'other', points: [{ t: T0 + 1, v: 7 }] }]);
    expect(store.pointsOf('other')).toEqual([{ t: T0 + 1, v: 7 }]);
    expect(rowsOnDisk(stateDbPath(dir))).toEqual([
      { name: 'fresh', t: T0, v: 5 },
      { name: 'other', t: T0 + 1, v: 7 },
    ]);
  });

  it('reads a state directory without a store as no pushed points', () => {
    expect(readStatePoints(join(dir, 'nothing-here'))).toEqual(new Map());
  });
});
