import { describe, expect, it } from 'vitest';
import { completeBucketsBefore } from '../../src/core/buckets.js';
import { at, BERLIN, HOUR, UTC } from './helpers.js';

describe('completeBucketsBefore', () => {
  it('gives the complete buckets before the one holding now, oldest first', () => {
    const buckets = completeBucketsBefore('day', at('2024-03-16T12:00:00Z'), 3, UTC);
    expect(buckets.map((b) => new Date(b.start).toISOString().slice(0, 10))).toEqual(['2024-03-13', '2024-03-14', '2024-03-15']);
    expect(buckets[2]!.end).toBe(at('2024-03-16T00:00:00Z'));
  });

  it('follows local days across DST (23-hour day inside)', () => {
    const buckets = completeBucketsBefore('day', at('2024-04-01T12:00:00+02:00'), 2, BERLIN);
    expect(buckets.map((b) => (b.end - b.start) / HOUR)).toEqual([24, 23]); // 30 March, 31 March (DST starts)
  });

  it('gives nothing for a window of 0', () => {
    expect(completeBucketsBefore('week', 0, 0, UTC)).toEqual([]);
  });
});

describe('completeBucketsBefore limits', () => {
  it('cuts an oversized or nonsensical window to MAX_TREND_BUCKETS or nothing', async () => {
    const { MAX_TREND_BUCKETS } = await import('../../src/core/buckets.js');
    expect(completeBucketsBefore('day', 0, 1e9, UTC)).toHaveLength(MAX_TREND_BUCKETS);
    expect(completeBucketsBefore('day', 0, Number.NaN, UTC)).toEqual([]);
    expect(completeBucketsBefore('day', 0, -3, UTC)).toEqual([]);
  });
});

describe('periodsBefore', () => {
  it('gives the previous periods oldest first, the same on a second (remembered) call, and copies', async () => {
    const { periodsBefore } = await import('../../src/core/buckets.js');
    const { periodAt } = await import('../../src/core/periods.js');
    const march = periodAt('month', at('2024-03-16T00:00:00+01:00'), BERLIN);
    const first = periodsBefore('month', march, 2, BERLIN);
    expect(first.map((w) => new Date(w.start).toISOString())).toEqual(['2023-12-31T23:00:00.000Z', '2024-01-31T23:00:00.000Z']);
    first.pop(); // a caller changing its copy does not change the remembered list
    expect(periodsBefore('month', march, 2, BERLIN)).toHaveLength(2);
    expect(periodsBefore('month', march, 0, BERLIN)).toEqual([]);
  });
});
