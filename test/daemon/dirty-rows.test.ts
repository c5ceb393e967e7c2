// Dirty tiles become whole framebuffer rows where that is cheaper (one write per band, not one per
// row of each tile): a row of dirty tiles is written as whole rows, one narrow tile stays itself.
import { describe, expect, test } from 'vitest';
import { wholeRows } from '../../src/daemon/dirty-rows.js';

describe('wholeRows', () => {
  test('one narrow tile stays a rectangle; a wide one becomes the full width of its rows', () => {
    expect(wholeRows([{ x: 968, y: 416, width: 460, height: 300 }], 1920, 1080, 0)).toEqual([{ x: 968, y: 416, width: 460, height: 300 }]);
    expect(wholeRows([{ x: 16, y: 416, width: 1000, height: 300 }], 1920, 1080, 0)).toEqual([{ x: 0, y: 416, width: 1920, height: 300 }]);
  });

  test('tiles side by side share their rows; a lone tile in other rows stays itself', () => {
    const row0 = [16, 492, 968, 1444].map((x) => ({ x, y: 81, width: 460, height: 319 }));
    expect(wholeRows([...row0, { x: 968, y: 416, width: 460, height: 300 }], 1920, 1080, 180)).toEqual([
      { x: 0, y: 81, width: 1920, height: 319 },
      { x: 968, y: 416, width: 460, height: 300 },
    ]);
    // Overlapping row ranges group; touching ones do not need to.
    expect(wholeRows([{ x: 0, y: 100, width: 300, height: 50 }, { x: 500, y: 120, width: 300, height: 50 }], 800, 480, 0)).toEqual([{ x: 0, y: 100, width: 800, height: 70 }]);
  });

  test('turned a quarter, physical rows are logical columns', () => {
    expect(wholeRows([{ x: 10, y: 20, width: 30, height: 500 }], 480, 800, 90)).toEqual([{ x: 10, y: 0, width: 30, height: 800 }]);
    expect(wholeRows([{ x: 10, y: 20, width: 30, height: 40 }], 480, 800, 270)).toEqual([{ x: 10, y: 20, width: 30, height: 40 }]);
  });

  test('fractional and out-of-canvas edges are cut to whole pixels inside the canvas; empty ones vanish', () => {
    expect(wholeRows([{ x: -3, y: -5.5, width: 10, height: 10.2 }, { x: 0, y: 470.5, width: 900, height: 30 }, { x: 0, y: 900, width: 5, height: 5 }], 800, 480, 0)).toEqual([
      { x: 0, y: 0, width: 7, height: 5 },
      { x: 0, y: 470, width: 800, height: 10 },
    ]);
    expect(wholeRows([], 800, 480, 0)).toEqual([]);
  });
});
