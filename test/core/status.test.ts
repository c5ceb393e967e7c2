import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, statusOf, stepOf } from '../../src/core/status.js';
import type { ThresholdStep } from '../../src/core/types.js';

const base = { n: 10, target: 100, paced: false, elapsed: 0.5, minElapsed: 0.1 };

describe('stepOf (KPI-SPEC §7, Grafana-style steps)', () => {
  it('uses the defaults: off_track below 0.90, at_risk from 0.90, on_track from 1.00', () => {
    expect(stepOf(0.8999, DEFAULT_THRESHOLDS)).toBe('off_track');
    expect(stepOf(0.9, DEFAULT_THRESHOLDS)).toBe('at_risk');
    expect(stepOf(0.9999, DEFAULT_THRESHOLDS)).toBe('at_risk');
    expect(stepOf(1, DEFAULT_THRESHOLDS)).toBe('on_track');
    expect(stepOf(-5, DEFAULT_THRESHOLDS)).toBe('off_track');
  });

  it('sorts steps given out of order and lets the last step at or below the score win', () => {
    const steps: ThresholdStep[] = [
      { status: 'on_track', from: 0.95 },
      { status: 'off_track', from: -Infinity },
      { status: 'at_risk', from: 0.8 },
    ];
    expect(stepOf(0.85, steps)).toBe('at_risk');
    expect(stepOf(0.96, steps)).toBe('on_track');
    expect(stepOf(0.5, steps)).toBe('off_track');
  });

  it('has no step for a non-finite score', () => {
    expect(stepOf(Number.NaN, DEFAULT_THRESHOLDS)).toBeNull();
  });
});

describe('statusOf', () => {
  it('steps the score', () => {
    expect(statusOf({ ...base, score: 0.9494 })).toBe('at_risk');
    expect(statusOf({ ...base, score: 1.2 })).toBe('on_track');
  });

  it('is no_data without points, unknown without a target or with a non-finite score', () => {
    expect(statusOf({ ...base, n: 0, score: 1 })).toBe('no_data');
    expect(statusOf({ ...base, target: null, score: null })).toBe('unknown');
    expect(statusOf({ ...base, score: null })).toBe('unknown');
    expect(statusOf({ ...base, score: Infinity })).toBe('unknown');
  });

  it('is early for a paced KPI before min_elapsed, but not for a non-paced one', () => {
    expect(statusOf({ ...base, paced: true, elapsed: 0.05, score: 0.2 })).toBe('early');
    expect(statusOf({ ...base, paced: true, elapsed: 0.1, score: 0.2 })).toBe('off_track');
    expect(statusOf({ ...base, paced: false, elapsed: 0.05, score: 0.2 })).toBe('off_track');
  });

  it('falls back to the default steps when none are given', () => {
    expect(statusOf({ ...base, score: 0.95 }, [])).toBe('at_risk');
  });
});
