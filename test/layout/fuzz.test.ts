import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatProblem, parseLayoutObject, parseLayoutText } from '../../src/layout/load.js';
import type { LayoutResult } from '../../src/layout/types.js';

const EXAMPLE = readFileSync('layouts/marketing.yaml', 'utf8');

/** A result is either a layout or a non-empty list of well-formed problems. */
function wellFormed(result: LayoutResult): boolean {
  if (result.ok) return true;
  return result.errors.length > 0 && result.errors.every((p) => Number.isInteger(p.line) && Number.isInteger(p.column) && p.message !== '' && p.fix !== '' && formatProblem(p).length > 0);
}

describe('the layout loader never crashes', () => {
  it('on random text and random bytes', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => wellFormed(parseLayoutText(text, 'a.yaml'))), { numRuns: 300 });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => wellFormed(parseLayoutText(Buffer.from(bytes).toString('utf8'), 'a.yaml'))),
      { numRuns: 300 },
    );
  });

  it('on every truncation of the example and on single-character damage', () => {
    for (let end = 0; end <= EXAMPLE.length; end += 7) expect(wellFormed(parseLayoutText(EXAMPLE.slice(0, end), 'm.yaml'))).toBe(true);
    fc.assert(
      fc.property(fc.nat(EXAMPLE.length - 1), fc.constantFrom('', ':', '[', '{', '"', '\t', '-', ' ', '\n', '}', '&a', '*a', '!!binary'), (at, insert) =>
        wellFormed(parseLayoutText(EXAMPLE.slice(0, at) + insert + EXAMPLE.slice(at + 1), 'm.yaml')),
      ),
      { numRuns: 300 },
    );
  });

  it('on deep nesting, huge numbers, alias bombs and wrong types everywhere', () => {
    const deep = 'a: ' + '['.repeat(5_000) + ']'.repeat(5_000);
    const deepMap = Array.from({ length: 2_000 }, (_, depth) => `${' '.repeat(depth)}k:`).join('\n');
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]'].join('\n');
    const huge = 'screen: { width: 1e400, height: -1e400 }\ngrid: { columns: 99999999999999999999999, gap: .nan }';
    const types = 'screen: 1\ngrid: [1]\nmetrics: text\nkpis: { k: 7 }\ntiles: { a: 1 }\ntitle: [x]';
    const tiles = 'tiles:\n  - { kpi: 1, metric: [], at: x, span: [0, -1, 3], view: 9 }\n  - 5\n  - { at: [1.5, 1e999] }';
    for (const text of [deep, deepMap, bomb, huge, types, tiles, '{}', '[]', '~', '"just a string"', '---\na: 1\n---\nb: 2']) {
      const result = parseLayoutText(text, 'x.yaml');
      expect(wellFormed(result)).toBe(true);
    }
    expect(parseLayoutText(huge, 'x.yaml').ok).toBe(false);
    expect(parseLayoutText(types, 'x.yaml').ok).toBe(false);
  });

  it('on arbitrary JSON-like values pushed as objects', () => {
    fc.assert(fc.property(fc.anything({ maxDepth: 4 }), (value) => wellFormed(parseLayoutObject(value, 'p'))), { numRuns: 300 });
    const shaped = fc.record({
      screen: fc.anything({ maxDepth: 2 }),
      grid: fc.anything({ maxDepth: 2 }),
      metrics: fc.dictionary(fc.string({ maxLength: 5 }), fc.anything({ maxDepth: 2 })),
      kpis: fc.dictionary(fc.string({ maxLength: 5 }), fc.anything({ maxDepth: 2 })),
      tiles: fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 5 }),
    });
    fc.assert(fc.property(shaped, (value) => wellFormed(parseLayoutObject(value, 'p'))), { numRuns: 300 });
  });
});
