// The painter repaints only what changed: one tile's new view repaints that tile alone, the
// clock repaints the header alone, an unchanged page paints nothing, a new layout paints all.
import { describe, expect, test } from 'vitest';
import type { TileEval } from '../../src/layout/types.js';
import { Painter } from '../../src/render/painter.js';
import { kpiView, wall } from './fixtures.js';

const status = { lastUpdate: Date.parse('2026-12-18T14:19:00Z'), notice: null };

function painter(width = 960, height = 540): Painter {
  return new Painter({ width, height, theme: 'dark', locale: 'en-US', timeZone: 'Europe/Berlin' });
}

function pixels(p: Painter): Uint8ClampedArray {
  return p.canvas.getContext('2d').getImageData(0, 0, p.canvas.width, p.canvas.height).data;
}

/** How many pixels differ between two frames outside `rect`, and inside it. */
function changes(before: Uint8ClampedArray, after: Uint8ClampedArray, width: number, rect: { x: number; y: number; width: number; height: number }): { inside: number; outside: number } {
  let inside = 0;
  let outside = 0;
  for (let at = 0; at < before.length; at += 4) {
    if (before[at] === after[at] && before[at + 1] === after[at + 1] && before[at + 2] === after[at + 2]) continue;
    const x = (at / 4) % width;
    const y = Math.floor(at / 4 / width);
    if (x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height) inside += 1;
    else outside += 1;
  }
  return { inside, outside };
}

describe('Painter', () => {
  test('first paint is the whole canvas; the same page again paints nothing', () => {
    const p = painter();
    const { layout, page } = wall({ width: 960, height: 540 });
    expect(p.paint(layout, page, status)).toEqual([{ x: 0, y: 0, width: 960, height: 540 }]);
    expect(p.paint(layout, page, status)).toEqual([]);
    expect(p.paint(structuredClone(layout), structuredClone(page), status)).toEqual([]); // a re-read, unchanged layout keeps the tiles
  });

  test('one tile whose view changed is the only thing repainted', () => {
    const p = painter();
    const { layout, page } = wall({ width: 960, height: 540 });
    p.paint(layout, page, status);
    const before = pixels(p);
    const tiles = page.tiles.map((tile, index): TileEval => (index === 1 && tile.kind === 'kpi' ? { ...tile, view: kpiView('off_track') } : tile));
    const dirty = p.paint(layout, { ...page, tiles }, status);
    const rect = p.tileRects(layout)[1]!;
    expect(dirty).toEqual([rect]);
    const diff = changes(before, pixels(p), 960, rect);
    expect(diff.outside).toBe(0);
    expect(diff.inside).toBeGreaterThan(500); // it now shows off track: a red frame, a new value
  });

  test('the clock ticking repaints the header only; a notice appears over it', () => {
    const p = painter();
    const { layout, page } = wall({ width: 960, height: 540 });
    p.paint(layout, page, status);
    const before = pixels(p);
    const dirty = p.paint(layout, { ...page, now: page.now + 60_000 }, status);
    expect(dirty).toHaveLength(1);
    const header = dirty[0]!;
    expect(header.y).toBe(0);
    expect(header.width).toBe(960);
    const diff = changes(before, pixels(p), 960, header);
    expect(diff.outside).toBe(0);
    expect(diff.inside).toBeGreaterThan(0);
    const withNotice = p.paint(layout, { ...page, now: page.now + 60_000 }, { ...status, notice: "layouts/foo.yaml:12:3 unknown key 'colour'" });
    expect(withNotice).toEqual([header]);
  });

  test('a changed layout repaints everything', () => {
    const p = painter();
    const first = wall({ width: 960, height: 540 });
    p.paint(first.layout, first.page, status);
    const second = wall({ width: 960, height: 540, theme: 'light' });
    expect(p.paint(second.layout, second.page, status)).toEqual([{ x: 0, y: 0, width: 960, height: 540 }]);
  });
});
