import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanPoints } from '../../src/core/clean.js';
import type { RawPoint, Series } from '../../src/core/types.js';
import { openPointStore } from '../../src/store/db.js';
import { PointSet, pointSetOf } from '../../src/store/points.js';

const plain = (series: Series | undefined) => (series === undefined ? undefined : { times: [...series.times], values: [...series.values] });
const file = (entries: Record<string, RawPoint[]>) => new Map(Object.entries(entries));
/** A data file's metric as the parsers give it: columns, NaN for a gap. */
const columnsOf = (points: readonly RawPoint[]) => ({ times: Float64Array.from(points, (p) => p.t), values: Float64Array.from(points, (p) => p.v ?? Number.NaN) });
const columnFile = (entries: Record<string, RawPoint[]>) => new Map(Object.entries(entries).map(([metric, points]) => [metric, columnsOf(points)] as const));

describe('PointSet', () => {
  it('merges file points and pushed points; a push wins at the same time', () => {
    const set = new PointSet();
    set.setFile('data/leads.csv', file({ leads: [{ t: 1, v: 10 }, { t: 3, v: 30 }] }));
    set.addPushed('leads', [{ t: 3, v: 33 }, { t: 2, v: 20 }]);
    expect(plain(set.seriesOf('leads'))).toEqual({ times: [1, 2, 3], values: [10, 20, 33] });
    // A file that changes later still loses to the push at t = 3.
    set.setFile('data/leads.csv', file({ leads: [{ t: 3, v: 31 }, { t: 4, v: 40 }] }));
    expect(plain(set.seriesOf('leads'))).toEqual({ times: [2, 3, 4], values: [20, 33, 40] });
  });

  it('replaces what a changed file contributed and forgets a removed file', () => {
    const set = new PointSet();
    set.setFile('a.csv', file({ x: [{ t: 1, v: 1 }], y: [{ t: 1, v: 5 }] }));
    set.setFile('b.csv', file({ x: [{ t: 2, v: 2 }] }));
    set.setFile('a.csv', file({ x: [{ t: 5, v: 5 }] }));
    expect(plain(set.seriesOf('x'))).toEqual({ times: [2, 5], values: [2, 5] });
    expect(set.seriesOf('y')).toBeUndefined();
    set.removeFile('b.csv');
    expect(plain(set.seriesOf('x'))).toEqual({ times: [5], values: [5] });
    expect(set.metrics()).toEqual(['x']);
  });

  it('hands out the same Series while nothing changed, and a new one after a push', () => {
    const set = new PointSet();
    set.addPushed('m', [{ t: 1, v: 1 }]);
    const first = set.seriesOf('m');
    expect(set.seriesOf('m')).toBe(first);
    set.addPushed('m', [{ t: 2, v: 2 }]);
    const second = set.seriesOf('m');
    expect(second).not.toBe(first);
    // The earlier Series is untouched by the append.
    expect(plain(first)).toEqual({ times: [1], values: [1] });
    expect(plain(second)).toEqual({ times: [1, 2], values: [1, 2] });
    set.setFile('other.csv', file({ other: [{ t: 1, v: 1 }] }));
    expect(set.seriesOf('m')).toBe(second);
  });

  it('replaces the newest point when a push repeats its time', () => {
    const set = new PointSet();
    set.addPushed('m', [{ t: 5, v: 5 }]);
    set.seriesOf('m');
    set.addPushed('m', [{ t: 5, v: 6 }, { t: 7, v: 7 }]);
    expect(plain(set.seriesOf('m'))).toEqual({ times: [5, 7], values: [6, 7] });
  });

  it('forgets pushed points older than a cutoff, as the store retention does', () => {
    const set = new PointSet();
    set.setFile('f.csv', file({ m: [{ t: 1, v: 100 }] }));
    set.addPushed('m', [{ t: 5, v: 5 }, { t: 2, v: 2 }, { t: 9, v: 9 }]);
    set.addPushed('gone', [{ t: 1, v: 1 }]);
    expect(plain(set.seriesOf('m'))).toEqual({ times: [1, 2, 5, 9], values: [100, 2, 5, 9] });
    expect(set.forgetPushedBefore(5)).toBe(2);
    // File points stay: the file owns them.
    expect(plain(set.seriesOf('m'))).toEqual({ times: [1, 5, 9], values: [100, 5, 9] });
    expect(set.seriesOf('gone')).toBeUndefined();
    expect(set.metrics()).toEqual(['m']);
  });

  it('turns an explicit null into a gap with a warning', () => {
    const set = new PointSet();
    set.addPushed('m', [{ t: 1, v: 1 }]);
    set.seriesOf('m');
    set.addPushed('m', [{ t: 2, v: null }]);
    expect(plain(set.seriesOf('m'))).toEqual({ times: [1, 2], values: [1, Number.NaN] });
    expect(set.warningsOf('m').map((w) => w.why)).toEqual(['value is missing (null); kept as a gap']);
  });

  it('gives the same series through appends as a fresh merge of the same history (random histories)', () => {
    const point = fc.record({ t: fc.integer({ min: 0, max: 12 }), v: fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }) });
    const step = fc.oneof(
      fc.record({ kind: fc.constant('push' as const), metric: fc.constantFrom('a', 'b'), points: fc.array(point, { maxLength: 4 }) }),
      fc.record({ kind: fc.constant('file' as const), path: fc.constantFrom('f1', 'f2'), points: fc.array(point, { maxLength: 6 }) }),
      fc.record({ kind: fc.constant('remove' as const), path: fc.constantFrom('f1', 'f2') }),
      fc.record({ kind: fc.constant('read' as const), metric: fc.constantFrom('a', 'b') }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const live = new PointSet();
        const replay: ((set: PointSet) => void)[] = [];
        // Pushes mostly move forward in time (a clock that advances 3 per push, points within
        // 0..12 of it), so appends, repeats of the newest time and late points all happen.
        let clock = 0;
        for (const s of steps) {
          const shifted = s.kind === 'push' ? s.points.map((p) => ({ t: clock + p.t, v: p.v })) : [];
          if (s.kind === 'push') clock += 3;
          const apply =
            s.kind === 'push' ? (set: PointSet) => set.addPushed(s.metric, shifted)
            : s.kind === 'file' ? (set: PointSet) => set.setFile(s.path, file({ a: s.points }))
            : s.kind === 'remove' ? (set: PointSet) => set.removeFile(s.path)
            : (set: PointSet) => void set.seriesOf(s.metric);
          apply(live);
          // The reference never reads before the end, so it never appends to a cached series.
          if (s.kind !== 'read') replay.push(apply);
        }
        const fresh = new PointSet();
        for (const apply of replay) apply(fresh);
        for (const metric of ['a', 'b']) {
          const a = plain(live.seriesOf(metric));
          const b = plain(fresh.seriesOf(metric));
          expect(a).toEqual(b);
        }
      }),
      { seed: 20261203, numRuns: 300 },
    );
  });

  it('property: matches cleaning every file point then every kept push, and never changes a Series already handed out', () => {
    const point = fc.record({ t: fc.integer({ min: 0, max: 12 }), v: fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }) });
    const step = fc.oneof(
      fc.record({ kind: fc.constant('push' as const), metric: fc.constantFrom('a', 'b'), points: fc.array(point, { maxLength: 4 }) }),
      fc.record({ kind: fc.constant('file' as const), path: fc.constantFrom('f1', 'f2'), points: fc.array(point, { maxLength: 6 }) }),
      fc.record({ kind: fc.constant('remove' as const), path: fc.constantFrom('f1', 'f2') }),
      fc.record({ kind: fc.constant('read' as const), metric: fc.constantFrom('a', 'b') }),
      fc.record({ kind: fc.constant('forget' as const), cutoff: fc.integer({ min: 0, max: 40 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const set = new PointSet();
        // The model: file points per path (in the order paths first came) and every push as received.
        const files = new Map<string, RawPoint[]>();
        const pushes: Record<string, RawPoint[]> = { a: [], b: [] };
        const handedOut: { series: Series; copy: ReturnType<typeof plain> }[] = [];
        let clock = 0;
        for (const s of steps) {
          if (s.kind === 'push') {
            const shifted = s.points.map((p) => ({ t: clock + p.t, v: p.v }));
            clock += 3;
            set.addPushed(s.metric, shifted);
            pushes[s.metric]!.push(...shifted);
          } else if (s.kind === 'file') {
            set.setFile(s.path, columnFile({ a: s.points }));
            files.set(s.path, s.points);
          } else if (s.kind === 'remove') {
            set.removeFile(s.path);
            files.delete(s.path);
          } else if (s.kind === 'forget') {
            set.forgetPushedBefore(s.cutoff);
            for (const metric of ['a', 'b']) pushes[metric] = pushes[metric]!.filter((p) => p.t >= s.cutoff);
          } else {
            const series = set.seriesOf(s.metric);
            if (series !== undefined) handedOut.push({ series, copy: plain(series) });
          }
        }
        for (const metric of ['a', 'b']) {
          const all = [...(metric === 'a' ? [...files.values()].flat() : []), ...pushes[metric]!];
          const hasPoints = (metric === 'a' && files.size > 0) || pushes[metric]!.length > 0;
          expect(plain(set.seriesOf(metric))).toEqual(hasPoints ? plain(cleanPoints(metric, all).series) : undefined);
        }
        for (const { series, copy } of handedOut) expect(plain(series)).toEqual(copy);
      }),
      { seed: 20261204, numRuns: 400 },
    );
  });

  it('takes data files as columns (what the parsers return) and merges them with pushes the same way', () => {
    const set = new PointSet();
    set.setFile('a.csv', columnFile({ m: [{ t: 3, v: 30 }, { t: 1, v: null }, { t: 2, v: 20 }] }));
    set.setFile('b.json', columnFile({ m: [{ t: 2, v: 21 }] }));
    set.addPushed('m', [{ t: 3, v: 33 }]);
    expect(plain(set.seriesOf('m'))).toEqual({ times: [1, 2, 3], values: [Number.NaN, 21, 33] });
    expect(set.warningsOf('m').map((w) => w.why)).toEqual(['value is missing (null); kept as a gap']);
    expect(set.metrics()).toEqual(['m']);
  });

  it('property: the merged series equals cleaning all points as objects, files in order then pushes', () => {
    const point = fc.record({ t: fc.integer({ min: 0, max: 20 }), v: fc.option(fc.integer({ min: -9, max: 9 }), { nil: null }) });
    fc.assert(
      fc.property(fc.array(fc.array(point, { maxLength: 20 }), { maxLength: 4 }), fc.array(fc.array(point, { maxLength: 5 }), { maxLength: 4 }), (files, pushes) => {
        const set = new PointSet();
        files.forEach((points, index) => set.setFile(`f${index}.csv`, columnFile({ m: points })));
        for (const batch of pushes) set.addPushed('m', batch);
        const all = [...files.flat(), ...pushes.flat()];
        const expected = all.length === 0 && files.length === 0 && pushes.every((batch) => batch.length === 0) ? undefined : plain(cleanPoints('m', all).series);
        expect(plain(set.seriesOf('m'))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('adds the pushed points of a state directory after the data files (eval/render --state)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-points-'));
    try {
      const store = openPointStore(dir);
      await store.insert([{ metric: 'leads', points: [{ t: Date.now(), v: 99 }] }]);
      await store.close();
      const t = Date.now() - 1000;
      const set = pointSetOf(new Map([['leads.csv', file({ leads: [{ t, v: 1 }] })]]), dir);
      expect(set.seriesOf('leads')?.values.length).toBe(2);
      expect([...set.seriesOf('leads')!.values]).toEqual([1, 99]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
