import { describe, expect, it } from 'vitest';
import { createMemo } from '../../src/core/memo.js';

describe('createMemo', () => {
  it('remembers values and forgets everything once full, so memory stays bounded', () => {
    const memo = createMemo<number>(2);
    expect(memo.set('a', 1)).toBe(1);
    memo.set('b', 2);
    expect(memo.get('a')).toBe(1);
    memo.set('c', 3); // full: cleared first
    expect(memo.get('a')).toBeUndefined();
    expect(memo.get('c')).toBe(3);
  });
});
