import { describe, expect, it } from 'vitest';
import { driverZ, likelyCauses, orderDrivers, sampleStandardDeviation } from '../../src/core/drivers.js';

describe('sampleStandardDeviation', () => {
  it('uses n - 1 (numpy std with ddof=1: 2.138089935299395)', () => {
    expect(sampleStandardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138089935299395, 12);
    expect(sampleStandardDeviation([1])).toBeNull();
  });
});

describe('driverZ (KPI-SPEC §10)', () => {
  it('is (x - mean) / sd, negated when lower is better', () => {
    const baseline = [100, 110, 90, 100]; // mean 100, sd 8.165
    expect(driverZ(70, baseline, 'higher')).toBeCloseTo(-30 / Math.sqrt(200 / 3), 12);
    expect(driverZ(70, baseline, 'lower')).toBeCloseTo(30 / Math.sqrt(200 / 3), 12);
  });

  it('is null with fewer than 3 baseline values, with sd 0, or without a value', () => {
    expect(driverZ(70, [100, 110], 'higher')).toBeNull();
    expect(driverZ(70, [100, 100, 100], 'higher')).toBeNull();
    expect(driverZ(null, [1, 2, 3], 'higher')).toBeNull();
  });
});

describe('orderDrivers', () => {
  it('puts the most adverse first and drivers without z last in layout order', () => {
    const ordered = orderDrivers([
      { metric: 'a', value: 1, z: null },
      { metric: 'b', value: 1, z: 0.5 },
      { metric: 'c', value: 1, z: null },
      { metric: 'd', value: 1, z: -2 },
      { metric: 'e', value: 1, z: 0.5 },
    ]);
    expect(ordered.map((d) => d.metric)).toEqual(['d', 'b', 'e', 'a', 'c']);
  });
});

describe('likelyCauses', () => {
  const drivers = [
    { metric: 'traffic', value: 1, z: -2.1 },
    { metric: 'rank', value: 1, z: -1 },
    { metric: 'conversion', value: 1, z: -0.9 },
    { metric: 'spend', value: 1, z: null },
  ];

  it('names drivers with z ≤ -1 for at_risk and off_track KPIs only', () => {
    expect(likelyCauses({ status: 'off_track', drivers })).toEqual(['traffic', 'rank']);
    expect(likelyCauses({ status: 'at_risk', drivers })).toEqual(['traffic', 'rank']);
    expect(likelyCauses({ status: 'on_track', drivers })).toEqual([]);
    expect(likelyCauses({ status: 'no_data', drivers })).toEqual([]);
  });
});
