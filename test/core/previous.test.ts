import { describe, expect, it } from 'vitest';
import { compareWithPrevious } from '../../src/core/previous.js';

describe('compareWithPrevious (KPI-SPEC §5)', () => {
  it('gives delta, pct against |prev| and whether the change is good', () => {
    expect(compareWithPrevious(120, 100, 'higher')).toEqual({ value: 100, delta: 20, pct: 0.2, favorable: true });
    expect(compareWithPrevious(120, 100, 'lower')).toEqual({ value: 100, delta: 20, pct: 0.2, favorable: false });
    expect(compareWithPrevious(80, 100, 'lower')).toEqual({ value: 100, delta: -20, pct: -0.2, favorable: true });
  });

  it('divides by |prev| so a rise from a negative value is a positive pct', () => {
    expect(compareWithPrevious(-50, -100, 'higher')).toEqual({ value: -100, delta: 50, pct: 0.5, favorable: true });
  });

  it('gives pct 0 from 0 to 0, null from 0 to anything else', () => {
    expect(compareWithPrevious(0, 0, 'higher')).toEqual({ value: 0, delta: 0, pct: 0, favorable: null });
    expect(compareWithPrevious(5, 0, 'higher')).toEqual({ value: 0, delta: 5, pct: null, favorable: true });
  });

  it('calls no change neither favorable nor unfavorable', () => {
    expect(compareWithPrevious(7, 7, 'higher').favorable).toBeNull();
  });

  it('gives no delta, pct or favorable when either side has no data', () => {
    expect(compareWithPrevious(null, 10, 'higher')).toEqual({ value: 10, delta: null, pct: null, favorable: null });
    expect(compareWithPrevious(10, null, 'higher')).toEqual({ value: null, delta: null, pct: null, favorable: null });
  });
});
