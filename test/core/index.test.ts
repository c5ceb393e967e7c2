import { describe, expect, it } from 'vitest';
import * as core from '../../src/core/index.js';

describe('core index', () => {
  it('exports the functions other parts code against', () => {
    for (const name of ['evaluateKpi', 'evaluateMetric', 'lastPointTime', 'cleanPoints', 'isValidTimeZone', 'periodAt', 'shiftPeriod', 'elapsedFraction', 'aggregate', 'likelyCauses', 'trendOf', 'sparkline'] as const) {
      expect(typeof core[name]).toBe('function');
    }
    expect(core.DEFAULT_THRESHOLDS.map((s) => s.status)).toEqual(['off_track', 'at_risk', 'on_track']);
  });
});
