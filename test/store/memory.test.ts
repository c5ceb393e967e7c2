import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanPoints } from '../../src/core/clean.js';
import type { RawPoint, Series } from '../../src/core/types.js';
import { DEFAULT_CACHE_KIB, openPointStore } from '../../src/store/db.js';
import { COLUMN_GROWTH_FACTOR, MIN_COLUMN_CAPACITY, PointSet } from '../../src/store/points.js';

const plain = (series: Series | undefined) => (series === undefined ? undefined : { times: [...series.times], values: [...series.values] });

describe('memory bounds of the point store and the point set', () => {
  it('gives each store connection a small page cache, not better-sqlite3\'s 16 MB default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-memory-'));
    try {
      const store = openPointStore(dir);
      const own = (store as unknown as { db: Database.Database }).db;
      expect(own.pragma('cache_size', { simple: true })).toBe(-DEFAULT_CACHE_KIB);
      const now = Date.now(); // within the retention, which pruning at open applies
      await store.insert([{ metric: 'leads', points: [{ t: now, v: 1 }] }]);
      await store.close();
      const larger = openPointStore(dir, { cacheKiB: 4096 });
      expect((larger as unknown as { db: Database.Database }).db.pragma('cache_size', { simple: true })).toBe(-4096);
      // The points are still all there: the smaller cache changes memory, not what is read.
      expect(larger.pointsOf('leads')).toEqual([{ t: now, v: 1 }]);
      await larger.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps every pushed point while the columns grow by less than doubling', () => {
    expect(COLUMN_GROWTH_FACTOR).toBeGreaterThan(1);
    const set = new PointSet();
    set.setFile('data/leads.csv', new Map([['leads', { times: Float64Array.of(0, 5), values: Float64Array.of(1, 2) }]]));
    const pushed: RawPoint[] = [];
    set.seriesOf('leads'); // cached, so later pushes append in place
    // One point at a time across many capacity steps, a gap (null) now and then, one late point.
    for (let i = 1; i <= MIN_COLUMN_CAPACITY * 40; i++) {
      const point = { t: 10 + i, v: i % 97 === 0 ? null : i };
      pushed.push(point);
      set.addPushed('leads', [point]);
      if (i % 500 === 0) expect(set.seriesOf('leads')?.times.length).toBe(2 + i);
    }
    const late = { t: 7, v: 70 };
    set.addPushed('leads', [late]);
    const expected = cleanPoints('leads', [{ t: 0, v: 1 }, { t: 5, v: 2 }, late, ...pushed]).series;
    expect(plain(set.seriesOf('leads'))).toEqual(plain(expected));
  });

  it('keeps 100,000 pushed points of an on-screen metric once, not raw and again merged', () => {
    const count = 100_000;
    const set = new PointSet();
    // A data file's hourly points, and live pushes in between and after them (late ones merge in).
    set.setFile('data/leads.csv', new Map([['leads', { times: Float64Array.from({ length: 48 }, (_, i) => i * 3_600_000), values: new Float64Array(48).fill(1) }]]));
    set.seriesOf('leads');
    for (let i = 0; i < count; i++) {
      set.addPushed('leads', [{ t: 40 * 3_600_000 + i * 10, v: i }]);
      if (i % 1000 === 0) set.seriesOf('leads'); // the screen reads now and then
    }
    const series = set.seriesOf('leads');
    expect(series?.times.length).toBe(48 + count - 1); // the push at 40 h replaced the file's point
    // One copy is 100,000 × 16 bytes (1.6 MB) plus a byte per point saying it was pushed, with at
    // most a quarter spare room: about 2.1 MB. Raw + merged copies would be 3.2 MB or more.
    // (Counted from what the set holds, not process-wide memory, which other work disturbs.)
    expect(set.heldBytes()).toBeGreaterThanOrEqual(count * 17);
    expect(set.heldBytes()).toBeLessThan(count * 17 * COLUMN_GROWTH_FACTOR + 64 * 17);
  });

  it('still appends correctly after old pushed points were forgotten and their room given back', () => {
    const set = new PointSet();
    const points = Array.from({ length: 1000 }, (_, i) => ({ t: i, v: i }));
    set.addPushed('leads', points);
    expect(set.forgetPushedBefore(900)).toBe(900);
    expect(set.seriesOf('leads')?.times.length).toBe(100);
    set.addPushed('leads', [{ t: 1000, v: 1 }, { t: 1001, v: 2 }]);
    set.addPushed('leads', [{ t: 950, v: -1 }]);
    const expected = cleanPoints('leads', [...points.slice(900), { t: 1000, v: 1 }, { t: 1001, v: 2 }, { t: 950, v: -1 }]).series;
    expect(plain(set.seriesOf('leads'))).toEqual(plain(expected));
  });
});
