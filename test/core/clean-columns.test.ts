import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanColumns } from '../../src/core/clean-columns.js';
import { cleanPoints } from '../../src/core/clean.js';
import type { DataWarning } from '../../src/core/types.js';

/**
 * The reference: KPI-SPEC §1 written the plain way, one object per point and Array#sort (stable),
 * as cleaning worked before it took columns. cleanColumns must give exactly this.
 */
function reference(metric: string, times: readonly number[], values: readonly number[], maxWarnings = 100) {
  const warnings: DataWarning[] = [];
  let unlisted = 0;
  const warn = (time: string | null, why: string) => {
    if (warnings.length < maxWarnings) warnings.push({ metric, time, why });
    else unlisted++;
  };
  const points: { t: number; v: number }[] = [];
  for (let i = 0; i < Math.min(times.length, values.length); i++) {
    const t = times[i]!;
    const v = values[i]!;
    if (!Number.isFinite(t)) {
      warn(null, `time ${String(t)} is not a finite epoch-ms number; point dropped`);
      continue;
    }
    if (Number.isNaN(v)) warn(new Date(t).toISOString(), 'value is missing (null); kept as a gap');
    else if (!Number.isFinite(v)) warn(new Date(t).toISOString(), `value is ${v > 0 ? '+' : '-'}Infinity; kept as a gap`);
    points.push({ t, v: Number.isFinite(v) ? v : Number.NaN });
  }
  if (unlisted > 0) warnings.push({ metric, time: null, why: `${unlisted} more warnings like these were not listed` });
  const sorted = [...points].sort((a, b) => a.t - b.t);
  const out: { t: number; v: number }[] = [];
  for (const point of sorted) {
    if (out.length > 0 && out[out.length - 1]!.t === point.t) out[out.length - 1] = point;
    else out.push(point);
  }
  return { times: out.map((p) => p.t), values: out.map((p) => p.v), warnings };
}

const plain = (result: ReturnType<typeof cleanColumns>) => ({ times: [...result.series.times], values: [...result.series.values], warnings: result.warnings });

const time = fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 0, max: 40 }) }, { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity) });
const value = fc.oneof({ weight: 8, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) }, { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity) });

describe('cleanColumns (KPI-SPEC §1 on columns)', () => {
  it('sorts, keeps the last received of a duplicate time, and turns NaN/±Infinity into gaps with warnings', () => {
    const result = cleanColumns('leads', Float64Array.of(2, 1, 2, Number.NaN, 3), Float64Array.of(5, Number.NaN, 7, 1, Infinity));
    expect([...result.series.times]).toEqual([1, 2, 3]);
    expect([...result.series.values]).toEqual([Number.NaN, 7, Number.NaN]);
    expect(result.warnings.map((w) => [w.time, w.why])).toEqual([
      ['1970-01-01T00:00:00.001Z', 'value is missing (null); kept as a gap'],
      [null, 'time NaN is not a finite epoch-ms number; point dropped'],
      ['1970-01-01T00:00:00.003Z', 'value is +Infinity; kept as a gap'],
    ]);
  });

  it('leaves its input columns as they were', () => {
    const times = Float64Array.of(3, 1, 2, 2);
    const values = Float64Array.of(30, 10, Infinity, 21);
    cleanColumns('m', times, values);
    expect([...times]).toEqual([3, 1, 2, 2]);
    expect([...values]).toEqual([30, 10, Infinity, 21]);
  });

  it('ignores pairs past the shorter column and takes plain number arrays too', () => {
    expect(plain(cleanColumns('m', [1, 2, 3], [10, 20]))).toEqual({ times: [1, 2], values: [10, 20], warnings: [] });
    expect(plain(cleanColumns('m', new Float64Array(0), new Float64Array(0)))).toEqual({ times: [], values: [], warnings: [] });
  });

  it('property: equals the object-based reference on random input (junk times, junk values, duplicates)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(time, value), { maxLength: 300 }), fc.integer({ min: 0, max: 20 }), (pairs, maxWarnings) => {
        const times = pairs.map(([t]) => t);
        const values = pairs.map(([, v]) => v);
        const result = cleanColumns('m', Float64Array.from(times), Float64Array.from(values), { maxWarnings });
        expect(plain(result)).toEqual(reference('m', times, values, maxWarnings));
      }),
      { numRuns: 500 },
    );
  });

  it('property: equals the reference on input that is in order but for a few places (the natural-run path)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2000 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: -50, max: 50 })), { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (size, moves, repeats) => {
          const times = Array.from({ length: size }, (_, i) => i * 60_000);
          // Some points shifted back or forward in time, some times repeated later (a DST fall-back hour).
          for (const [at, by] of moves) if (size > 0) times[at % size] = times[at % size]! + by * 60_000;
          for (const at of repeats) if (size > 0) times.push(times[at % size]!);
          const values = times.map((_, i) => i);
          expect(plain(cleanColumns('m', Float64Array.from(times), Float64Array.from(values)))).toEqual(reference('m', times, values));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('property: cleanPoints on {t, v} objects gives the same series as cleanColumns on the same points', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ t: fc.integer({ min: 0, max: 30 }), v: fc.option(fc.integer(), { nil: null }) }), { maxLength: 200 }), (raw) => {
        const fromPoints = cleanPoints('m', raw);
        const fromColumns = cleanColumns('m', Float64Array.from(raw, (p) => p.t), Float64Array.from(raw, (p) => p.v ?? Number.NaN));
        expect(plain(fromPoints)).toEqual(plain(fromColumns));
      }),
    );
  });
});
