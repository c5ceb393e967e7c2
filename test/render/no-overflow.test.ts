// No text leaves its tile: every line the layout places, measured with the real font on a real
// canvas (glyph bounds, not just advance widths), lies inside its tile, at any grid size and
// resolution from 800x480 to 3840x2160, with long labels and huge values. And on a painted page
// the gaps between tiles stay pure background.
import { createCanvas } from 'canvas';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Status } from '../../src/core/types.js';
import { fontOf, registerFonts } from '../../src/render/fonts.js';
import { contains, pageGeometry, tileRect, type Rect } from '../../src/render/geometry.js';
import { layoutHeader } from '../../src/render/header.js';
import { canvasMeasure } from '../../src/render/measure.js';
import { Painter } from '../../src/render/painter.js';
import { paletteOf } from '../../src/render/theme.js';
import { layoutTile, type TextItem, type TileContent } from '../../src/render/tile-layout.js';
import { kpiView, page, tile, wall } from './fixtures.js';

registerFonts();
const context = createCanvas(10, 10).getContext('2d');
const measure = canvasMeasure(context);

/** The glyph box of a placed line of text, from the real font. */
function inkBox(item: TextItem): Rect {
  context.font = fontOf(item.size, item.bold);
  context.textBaseline = 'middle';
  context.textAlign = 'left';
  const metrics = context.measureText(item.text);
  const advanceLeft = item.align === 'left' ? item.x : item.x - metrics.width;
  // node-canvas reports actualBoundingBoxLeft as the ink's offset from the origin (positive = right of it)
  const left = advanceLeft + metrics.actualBoundingBoxLeft;
  const right = advanceLeft + metrics.actualBoundingBoxRight;
  const x = Math.min(left, advanceLeft);
  const top = item.y - metrics.actualBoundingBoxAscent;
  return { x, y: top, width: Math.max(right, advanceLeft + metrics.width) - x, height: item.y + metrics.actualBoundingBoxDescent - top };
}

/** Rounded outwards by half a pixel: anti-aliasing of a glyph edge is not an overflow. */
function within(outer: Rect, inner: Rect): boolean {
  return contains({ x: outer.x - 0.5, y: outer.y - 0.5, width: outer.width + 1, height: outer.height + 1 }, inner);
}

const statuses: Status[] = ['on_track', 'at_risk', 'off_track', 'early', 'no_data', 'unknown'];
const words = fc.constantFrom('Inbound', 'leads', 'Website', 'conversion', 'Supercalifragilisticexpialidocious', 'Q4', '·', 'December', 'Ünïcødé', 'SEO', 'rank', '日本語');
const label = fc.array(words, { minLength: 1, maxLength: 25 }).map((parts) => parts.join(' '));
const value = fc.constantFrom('—', '7', '1,234', '€123,456,789,012', '98.7%', '262.4K', '-0.0004');

const content: fc.Arbitrary<TileContent> = fc.record({
  label,
  value,
  valueCompact: fc.constantFrom('1.2M', '—', '€123B'),
  status: fc.option(fc.constantFrom(...statuses), { nil: null }),
  statusWord: fc.constantFrom('on track', 'off track', 'no data', 'unknown'),
  change: fc.option(fc.record({ text: fc.constantFrom('▲ 12% vs November', '▼ 2.8% vs last quarter', '= 0% vs yesterday'), favorable: fc.constantFrom(true, false, null) }), { nil: null }),
  trend: fc.option(fc.record({ text: fc.constantFrom('↗ +1.5/day', '↘ -12,345.6/day'), improving: fc.constantFrom(true, false, null) }), { nil: null }),
  bullet: fc.boolean(),
  bulletLegend: fc.option(fc.constantFrom('52% of 1,200 · expected 678', '105% of €1,000,000 · expected €950,000'), { nil: null }),
  spark: fc.boolean(),
  cause: fc.option(label.map((text) => `Likely cause: ${text} ▼ 25%`), { nil: null }),
  stale: fc.option(fc.constantFrom('◷ no data since 14:05', '◷ no data since 2 Dec 14:05'), { nil: null }),
});

describe('no text leaves its tile', () => {
  test('for any grid, span, resolution and content', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 800, max: 3840 }),
        fc.integer({ min: 480, max: 2160 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        content,
        (width, height, columns, rows, spanColumns, spanRows, tileContent) => {
          const page = pageGeometry(width, height, { columns, rows, gap: 16 });
          const rect = tileRect(page, { at: [0, 0], span: [spanColumns, spanRows] });
          const layout = layoutTile(rect, tileContent, measure);
          for (const item of layout.items) {
            const box = inkBox(item);
            if (!within(rect, box)) throw new Error(`${item.role} "${item.text}" at ${item.size}px: ${JSON.stringify(box)} outside ${JSON.stringify(rect)}`);
          }
          for (const part of [layout.badge, layout.spark, layout.bullet?.bar, layout.bullet?.marker]) if (part != null) expect(within(rect, part)).toBe(true);
          const value = layout.items.find((item) => item.role === 'value');
          for (const item of layout.items) if (value !== undefined) expect(item.size).toBeLessThanOrEqual(value.size);
        },
      ),
      { numRuns: 400, seed: 20261203 },
    );
  });

  test('header text stays in the header at every resolution', () => {
    fc.assert(
      fc.property(fc.integer({ min: 800, max: 3840 }), fc.integer({ min: 480, max: 2160 }), label, fc.option(label, { nil: null }), (width, height, title, notice) => {
        const page = pageGeometry(width, height, { columns: 4, rows: 3, gap: 16 });
        const layout = layoutHeader(page.header, { title, clock: '23:59', updated: 'updated 23:58', notice }, measure, page.gap);
        for (const item of [layout.title, layout.clock, layout.updated, layout.banner?.text ?? null]) {
          if (item !== null) expect(within(page.header, inkBox(item))).toBe(true);
        }
        if (layout.clock === null) throw new Error(`no clock at ${width}x${height} in ${JSON.stringify(page.header)}`);
      }),
      { numRuns: 100, seed: 7 },
    );
  });

  test.each([
    [800, 480, 8, 6],
    [3840, 2160, 4, 3],
    [800, 480, 4, 3],
  ])('a painted %ix%i page with a %ix%i grid leaves the gaps between tiles untouched', (width, height, columns, rows) => {
    const long = 'Support tickets closed within the service level agreement window across all regions';
    const tiles = [];
    for (let row = 0; row < rows; row++) {
      for (let column = 0; column < columns; column++) {
        const status = statuses[(row * columns + column) % statuses.length] ?? 'on_track';
        tiles.push({ tile: tile('kpi', `k${row}_${column}`, [column, row], [1, 1], 'full', `${long} ${row}.${column}`), kpi: kpiView(status, { value: 123_456_789_012 }) });
      }
    }
    const fixture = page(tiles, { width, height, columns, rows, gap: 12 });
    const painter = new Painter({ width, height, theme: 'dark', locale: 'en-US', timeZone: 'Europe/Berlin' });
    painter.paint(fixture.layout, fixture.page, { lastUpdate: fixture.page.now, notice: long });
    const background = paletteOf('dark').page.match(/[0-9a-f]{2}/g)!.map((hex) => parseInt(hex, 16));
    const pixels = painter.canvas.getContext('2d').getImageData(0, 0, width, height).data;
    const rects = painter.tileRects(fixture.layout);
    const header = pageGeometry(width, height, fixture.layout.grid).header;
    let stray = 0;
    for (let y = header.height; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (rects.some((r) => x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height)) continue;
        const at = (y * width + x) * 4;
        if (pixels[at] !== background[0] || pixels[at + 1] !== background[1] || pixels[at + 2] !== background[2]) stray += 1;
      }
    }
    expect(stray).toBe(0);
  });

  test('the example wall fits at the smallest and largest screens', () => {
    for (const [width, height] of [
      [800, 480],
      [3840, 2160],
    ] as const) {
      const fixture = wall({ width, height });
      const painter = new Painter({ width, height, theme: 'dark', locale: 'en-US', timeZone: 'Europe/Berlin' });
      expect(painter.paint(fixture.layout, fixture.page, { lastUpdate: null, notice: null })).toEqual([{ x: 0, y: 0, width, height }]);
    }
  });
});
