import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distanceToTarget } from '../../src/core/target.js';

describe('distanceToTarget (KPI-SPEC §4)', () => {
  it('gives the worked values of the spec', () => {
    expect(distanceToTarget(850, 1000, 'higher')).toEqual({ gap: -150, gapPct: -0.15, attainment: 0.85 });
    expect(distanceToTarget(2.5, 2.0, 'lower')).toEqual({ gap: -0.5, gapPct: -0.25, attainment: 0.75 });
    expect(distanceToTarget(0, 2.0, 'lower')).toEqual({ gap: 2, gapPct: 1, attainment: 2 });
    expect(distanceToTarget(-25, -50, 'higher')).toEqual({ gap: 25, gapPct: 0.5, attainment: 1.5 });
  });

  it('keeps gap but gives no gapPct or attainment against a target of 0', () => {
    expect(distanceToTarget(5, 0, 'higher')).toEqual({ gap: 5, gapPct: null, attainment: null });
    expect(distanceToTarget(5, 0, 'lower')).toEqual({ gap: -5, gapPct: null, attainment: null });
  });

  it('gives nothing without a target or without a value', () => {
    expect(distanceToTarget(5, null, 'higher')).toEqual({ gap: null, gapPct: null, attainment: null });
    expect(distanceToTarget(null, 10, 'higher')).toEqual({ gap: null, gapPct: null, attainment: null });
  });

  it('property: flipping better mirrors gap and attainment (attainment\' = 2 - attainment)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), (value, target) => {
        const higher = distanceToTarget(value, target, 'higher');
        const lower = distanceToTarget(value, target, 'lower');
        expect(lower.gap! + higher.gap!).toBe(0);
        if (higher.attainment === null) expect(lower.attainment).toBeNull();
        else expect(Math.abs(lower.attainment! - (2 - higher.attainment))).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(higher.attainment)));
      }),
    );
  });
});
