// Pure page geometry and text fitting, without a canvas.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { contains, intersects, pageGeometry, tileRect } from '../../src/render/geometry.js';
import { ellipsize, fitFontSize, MIN_FONT_PX, type Measure } from '../../src/render/text-fit.js';

/** A monospace stand-in: every character is 0.6 em wide. */
const mono: Measure = (text, size) => Array.from(text).length * size * 0.6;

describe('pageGeometry and tileRect', () => {
  test('a 4×3 grid at 1920×1080 leaves the header band and equal gaps', () => {
    const page = pageGeometry(1920, 1080, { columns: 4, rows: 3, gap: 16 });
    expect(page.header).toEqual({ x: 0, y: 0, width: 1920, height: 81 });
    const first = tileRect(page, { at: [0, 0], span: [1, 1] });
    const second = tileRect(page, { at: [1, 0], span: [1, 1] });
    const big = tileRect(page, { at: [0, 0], span: [2, 2] });
    expect(first.x).toBe(16);
    expect(first.y).toBe(81);
    expect(second.x - (first.x + first.width)).toBe(16);
    expect(big.width).toBe(second.x + second.width - first.x);
    const last = tileRect(page, { at: [3, 2], span: [1, 1] });
    expect(last.x + last.width).toBe(1920 - 16);
    expect(last.y + last.height).toBe(1080 - 16);
  });

  test('the gap scales with the canvas, and a tile past the grid is cut at its edge', () => {
    const page = pageGeometry(960, 540, { columns: 4, rows: 3, gap: 16 }, { width: 1920, height: 1080 });
    expect(page.gap).toBe(8);
    const wide = tileRect(page, { at: [3, 0], span: [5, 9] });
    expect(contains(page.body, wide)).toBe(true);
  });

  test('for any grid and resolution, tiles stay in the body and never overlap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 800, max: 3840 }),
        fc.integer({ min: 480, max: 2160 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 64 }),
        (width, height, columns, rows, gap) => {
          const page = pageGeometry(width, height, { columns, rows, gap });
          const rects = [];
          for (let column = 0; column < columns; column++) for (let row = 0; row < rows; row++) rects.push(tileRect(page, { at: [column, row], span: [1, 1] }));
          for (const rect of rects) {
            expect(contains(page.body, rect)).toBe(true);
            expect(intersects(rect, page.header)).toBe(false);
          }
          for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) expect(intersects(rects[i]!, rects[j]!)).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('fitFontSize and ellipsize', () => {
  test('the size fills the width, or the height when the text is short', () => {
    expect(fitFontSize(mono, '1,234', 300, 400, Infinity, true)).toBe(100);
    expect(fitFontSize(mono, '7', 300, 120, Infinity, true)).toBe(100);
    expect(fitFontSize(mono, 'far too long for this box', 20, 100, Infinity, false)).toBe(0);
    expect(fitFontSize(mono, 'x', 100, 100, 12, false)).toBe(12);
  });

  test('ellipsised text fits and keeps as much as it can', () => {
    const label = 'Support tickets closed within the service level agreement';
    const cut = ellipsize(mono, label, 10, 120, false);
    expect(cut).toBe('Support tickets clo…'); // 20 characters of 6 px
    expect(mono(cut, 10, false)).toBeLessThanOrEqual(120);
    expect(ellipsize(mono, 'short', 10, 120, false)).toBe('short');
    expect(ellipsize(mono, 'anything', 10, 3, false)).toBe('');
  });

  test('MIN_FONT_PX is the floor: nothing smaller is ever proposed', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 500 }), (text, width, height) => {
        const size = fitFontSize(mono, text, width, height, Infinity, false);
        expect(size === 0 || size >= MIN_FONT_PX).toBe(true);
        if (size > 0) expect(mono(text, size, false)).toBeLessThanOrEqual(width);
      }),
      { numRuns: 200 },
    );
  });
});
