import { describe, expect, it } from 'vitest';
import { isStale, lastPointTime } from '../../src/core/stale.js';
import { HOUR, seriesFrom } from './helpers.js';

describe('lastPointTime', () => {
  const series = seriesFrom([[1, 5], [2, 6], [3, null]]);

  it('is the newest non-gap point', () => {
    expect(lastPointTime(series)).toBe(2);
  });

  it('can ignore points after a given instant (evaluating at a past now)', () => {
    expect(lastPointTime(series, 1)).toBe(1);
    expect(lastPointTime(series, 1.5)).toBe(1);
    expect(lastPointTime(series, 0)).toBeNull();
  });

  it('is null for a missing, empty or all-gap series', () => {
    expect(lastPointTime(undefined)).toBeNull();
    expect(lastPointTime(seriesFrom([]))).toBeNull();
    expect(lastPointTime(seriesFrom([[1, null]]))).toBeNull();
  });
});

describe('isStale (KPI-SPEC §7)', () => {
  it('is stale when the newest point is older than stale_after, or there is none', () => {
    const now = 10 * HOUR;
    expect(isStale(now - 2 * HOUR, now, 2 * HOUR)).toBe(false);
    expect(isStale(now - 2 * HOUR - 1, now, 2 * HOUR)).toBe(true);
    expect(isStale(null, now, 2 * HOUR)).toBe(true);
  });
});
