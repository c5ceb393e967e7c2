// Dirty tiles become whole framebuffer rows (one write per band, not one per row of a tile):
// the rows each tile covers, merged where they overlap or touch, columns when turned a quarter.
import { describe, expect, test } from 'vitest';
import { wholeRows } from '../../src/daemon/dirty-rows.js';

describe('wholeRows', () => {
  test('one tile: the full width of its rows', () => {
    expect(wholeRows([{ x: 968, y: 416, width: 460, height: 300 }], 1920, 1080, 0)).toEqual([{ x: 0, y: 416, width: 1920, height: 300 }]);
  });

  test('tiles side by side share their rows; rows apart stay apart; touching rows merge', () => {
    const row0 = [16, 492, 968, 1444].map((x) => ({ x, y: 81, width: 460, height: 319 }));
    expect(wholeRows([...row0, { x: 968, y: 416, width: 460, height: 300 }], 1920, 1080, 180)).toEqual([
      { x: 0, y: 81, width: 1920, height: 319 },
      { x: 0, y: 416, width: 1920, height: 300 },
    ]);
    expect(wholeRows([{ x: 0, y: 100, width: 10, height: 50 }, { x: 500, y: 150, width: 10, height: 50 }], 800, 480, 0)).toEqual([{ x: 0, y: 100, width: 800, height: 100 }]);
  });

  test('turned a quarter, physical rows are logical columns', () => {
    expect(wholeRows([{ x: 10, y: 20, width: 30, height: 40 }], 480, 800, 90)).toEqual([{ x: 10, y: 0, width: 30, height: 800 }]);
    expect(wholeRows([{ x: 10, y: 20, width: 30, height: 40 }, { x: 35, y: 400, width: 10, height: 10 }], 480, 800, 270)).toEqual([{ x: 10, y: 0, width: 35, height: 800 }]);
  });

  test('fractional and out-of-canvas edges are cut to whole pixels inside the canvas; empty ones vanish', () => {
    expect(wholeRows([{ x: 0, y: -5.5, width: 10, height: 10.2 }, { x: 0, y: 470.5, width: 5, height: 30 }, { x: 0, y: 900, width: 5, height: 5 }], 800, 480, 0)).toEqual([
      { x: 0, y: 0, width: 800, height: 5 },
      { x: 0, y: 470, width: 800, height: 10 },
    ]);
    expect(wholeRows([], 800, 480, 0)).toEqual([]);
  });
});
