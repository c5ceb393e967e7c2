import { describe, expect, it } from 'vitest';
import { localMidnight } from '../../src/core/local-midnight.js';
import { at } from './helpers.js';

describe('localMidnight', () => {
  it('is 00:00 local on an ordinary day', () => {
    expect(localMidnight('Europe/Berlin', 2024, 3, 16)).toBe(at('2024-03-15T23:00:00Z'));
    expect(localMidnight('Europe/Berlin', 2024, 7, 1)).toBe(at('2024-06-30T22:00:00Z'));
  });

  it('normalises overflowing dates (day 32 of January is 1 February, month 0 is December)', () => {
    expect(localMidnight('UTC', 2024, 1, 32)).toBe(at('2024-02-01T00:00:00Z'));
    expect(localMidnight('UTC', 2024, 0, 1)).toBe(at('2023-12-01T00:00:00Z'));
    expect(localMidnight('UTC', 2024, 3, 0)).toBe(at('2024-02-29T00:00:00Z'));
  });

  it('is the first instant that exists when DST skips midnight (America/Santiago, 8 Sep 2024: 00:00 → 01:00)', () => {
    expect(localMidnight('America/Santiago', 2024, 9, 8)).toBe(at('2024-09-08T01:00:00-03:00'));
  });

  it('is the first instant that exists when DST skips midnight (America/Havana, 10 Mar 2024: 00:00 → 01:00)', () => {
    expect(localMidnight('America/Havana', 2024, 3, 10)).toBe(at('2024-03-10T01:00:00-04:00'));
  });

  it('is the earlier of two midnights when DST repeats it (America/Havana, 3 Nov 2024: 01:00 → 00:00)', () => {
    // luxon alone resolves the ambiguous 00:00 to the later instant (-05:00); the date starts at the first.
    expect(localMidnight('America/Havana', 2024, 11, 3)).toBe(at('2024-11-03T00:00:00-04:00'));
  });
});
