// "Likely cause: Website conversion ▼ 25%": the worst driver's distance from its baseline mean,
// arrow by its sign, in the unfavourable colour; words only when there is no usable mean.
import { createCanvas } from 'canvas';
import { describe, expect, test } from 'vitest';
import type { DriverBaseline } from '../../src/core/drivers.js';
import type { TileEval } from '../../src/layout/types.js';
import { causeText, tileContent } from '../../src/render/content.js';
import { registerFonts } from '../../src/render/fonts.js';
import { pageGeometry, tileRect } from '../../src/render/geometry.js';
import { canvasMeasure } from '../../src/render/measure.js';
import { Painter } from '../../src/render/painter.js';
import { paletteOf } from '../../src/render/theme.js';
import { layoutTile } from '../../src/render/tile-layout.js';
import { DRIVER_BASELINES, kpiDef, kpiView, NOW, page, tile, wall } from './fixtures.js';

registerFonts();
const context = { locale: 'en-US', timeZone: 'Europe/Berlin', now: NOW };

/** The cause line of an at-risk tile with these drivers and baselines. */
function cause(drivers: ReturnType<typeof kpiView>['drivers'], baselines: Record<string, DriverBaseline>): string | null {
  const fixture = page([{ tile: tile('kpi', 'k', [0, 0]), kpi: kpiView('at_risk', { drivers }), driverBaselines: baselines }]);
  const evaluated = fixture.page.tiles[0] as TileEval;
  return tileContent(fixture.layout, evaluated, context).cause;
}

describe('likely cause', () => {
  test('names the worst driver and how far it is below its usual level', () => {
    const { layout, page: evaluated } = wall();
    expect(tileContent(layout, evaluated.tiles[0]!, context).cause).toBe('Likely cause: Website conversion ▼ 25%');
    expect(tileContent(layout, evaluated.tiles[2]!, context).cause).toBe('Likely cause: Website conversion ▼ 25%'); // off track too
    expect(tileContent(layout, evaluated.tiles[1]!, context).cause).toBeNull(); // on track: no cause
  });

  test('a lower-is-better driver that rose shows ▲ and its rise', () => {
    expect(cause([{ metric: 'seo_rank', value: 14, z: -2 }], { seo_rank: { mean: 10, sd: 1.5 } })).toBe('Likely cause: SEO rank ▲ 40%');
  });

  test('the worst of several is named, with how many more', () => {
    const drivers = [
      { metric: 'search_traffic', value: 90_000, z: -1.2 },
      { metric: 'conversion_rate', value: 0.014, z: -3.1 },
    ];
    expect(cause(drivers, DRIVER_BASELINES)).toBe('Likely cause: Website conversion ▼ 50% (+1 more)');
  });

  test('small changes keep a decimal; no mean or a zero mean says "below usual" / "above usual"', () => {
    expect(cause([{ metric: 'search_traffic', value: 119_000, z: -1.1 }], DRIVER_BASELINES)).toBe('Likely cause: Search traffic ▼ 4.8%');
    expect(cause([{ metric: 'conversion_rate', value: 0.021, z: -2.4 }], { conversion_rate: { mean: null, sd: null } })).toBe('Likely cause: Website conversion ▼ below usual');
    expect(cause([{ metric: 'conversion_rate', value: 0.021, z: -2.4 }], { conversion_rate: { mean: 0, sd: 0.01 } })).toBe('Likely cause: Website conversion ▼ below usual');
    expect(cause([{ metric: 'seo_rank', value: 4, z: -1.5 }], {})).toBe('Likely cause: SEO rank ▲ above usual');
  });

  test('drivers above −1 are no cause', () => {
    expect(causeText(wall().layout, kpiDef('k', 'inbound_leads', 1200, 'Leads'), kpiView('at_risk', { drivers: [{ metric: 'search_traffic', value: 1, z: -0.9 }] }), context, DRIVER_BASELINES)).toBeNull();
  });

  test('is drawn whole, inside its tile, in the unfavourable colour', () => {
    const { layout, page: evaluated } = wall({ width: 1920, height: 1080 });
    const painter = new Painter({ width: 1920, height: 1080, theme: 'dark', locale: 'en-US', timeZone: 'Europe/Berlin' });
    painter.paint(layout, evaluated, { lastUpdate: NOW, notice: null });
    const rect = tileRect(pageGeometry(1920, 1080, layout.grid, layout.screen), layout.tiles[0]!);
    const content = tileContent(layout, evaluated.tiles[0]!, context);
    const item = layoutTile(rect, content, canvasMeasure(createCanvas(10, 10).getContext('2d'))).items.find((entry) => entry.role === 'cause');
    expect(item?.text).toBe('Likely cause: Website conversion ▼ 25%');
    expect(item!.x).toBeGreaterThanOrEqual(rect.x);
    expect(item!.x + item!.width).toBeLessThanOrEqual(rect.x + rect.width);
    // The row of the cause holds the unfavourable colour (and the frame's left bar is the accent, not it).
    const top = Math.round(item!.y - item!.size / 2);
    const row = painter.canvas.getContext('2d').getImageData(Math.round(item!.x), top, Math.ceil(item!.width), Math.ceil(item!.size)).data;
    const [r, g, b] = hex(paletteOf('dark').unfavorable);
    let inColour = 0;
    for (let at = 0; at < row.length; at += 4) if (Math.abs(row[at]! - r) + Math.abs(row[at + 1]! - g) + Math.abs(row[at + 2]! - b) < 24) inColour += 1;
    expect(inColour).toBeGreaterThan(50);
  });
});

function hex(colour: string): [number, number, number] {
  const value = Number.parseInt(colour.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}
