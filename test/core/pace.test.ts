import { describe, expect, it } from 'vitest';
import { paceOf } from '../../src/core/pace.js';

describe('paceOf (KPI-SPEC §6)', () => {
  it('reproduces the Berlin March 2024 worked example', () => {
    const pace = paceOf(46_000, 100_000, 360 / 743, 'higher')!;
    expect(pace.expected).toBeCloseTo(48_452.22, 2);
    expect(pace.projected).toBeCloseTo(94_938.89, 2);
    expect(pace.attainment).toBeCloseTo(0.9494, 4);
  });

  it('projects the value itself once the period is over', () => {
    expect(paceOf(80, 100, 1, 'higher')).toEqual({ expected: 100, projected: 80, attainment: 0.8 });
  });

  it('judges a lower-is-better additive KPI against its target', () => {
    // 30 complaints a quarter through the period project to 60 against a ceiling of 50.
    expect(paceOf(30, 50, 0.5, 'lower')).toEqual({ expected: 25, projected: 60, attainment: 0.8 });
  });

  it('has no attainment against a target of 0, and no pace without a target or a value', () => {
    expect(paceOf(5, 0, 0.5, 'lower')).toEqual({ expected: 0, projected: 10, attainment: null });
    expect(paceOf(5, null, 0.5, 'higher')).toBeNull();
    expect(paceOf(null, 10, 0.5, 'higher')).toBeNull();
  });

  it('stays finite at the very start of a period', () => {
    expect(paceOf(0, 100, 0, 'higher')).toEqual({ expected: 0, projected: 0, attainment: 0 });
  });
});
