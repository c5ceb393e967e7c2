// Bad input never crashes a frame: odd numbers, missing definitions, degenerate grids and sizes.
import { describe, expect, test } from 'vitest';
import type { KpiView } from '../../src/core/types.js';
import { Painter } from '../../src/render/painter.js';
import { kpiView, metricView, page, tile } from './fixtures.js';

const weird: Partial<KpiView>[] = [
  { value: Number.NaN, target: Number.POSITIVE_INFINITY },
  { value: -5_000, target: -1_000, attainment: 5 },
  { value: 1e21, target: 0, attainment: null, pace: { expected: Number.NaN, projected: 1, attainment: null } },
  { spark: { values: [], norm: [] } },
  { spark: { values: [1], norm: [null] } },
  { spark: { values: [1, 2], norm: [Number.NaN, 2] } },
  { trend: { direction: 'up', slopePerDay: null, lsSlopePerDay: null, p: null, confidence: null, improving: null } },
  { drivers: [{ metric: 'not_a_metric', value: null, z: -9 }], status: 'off_track' },
  { period: { start: 'garbage', end: 'also garbage', elapsed: Number.NaN } },
];

describe('robustness', () => {
  test.each(weird.map((overrides, index) => [index, overrides] as const))('odd view %i paints without throwing', (_index, overrides) => {
    const fixture = page([{ tile: tile('kpi', 'x', [0, 0]), kpi: kpiView('at_risk', overrides) }, { tile: tile('metric', 'nobody', [1, 0]), metric: metricView(null) }], { columns: 2, rows: 1 });
    const painter = new Painter({ width: 640, height: 360, theme: 'dark', locale: 'en-US', timeZone: 'Europe/Berlin' });
    expect(painter.paint(fixture.layout, fixture.page, { lastUpdate: Number.NaN, notice: '' })).toHaveLength(1);
  });

  test('degenerate canvases, grids, locales and zones still paint', () => {
    for (const [width, height, columns, rows] of [
      [1, 1, 1, 1],
      [40, 20, 12, 12],
      [800, 480, 60, 40],
    ] as const) {
      const fixture = page([{ tile: tile('kpi', 'x', [99, 99], [9, 9]), kpi: kpiView('on_track') }], { width, height, columns, rows, gap: 500 });
      const layout = { ...fixture.layout, screen: { ...fixture.layout.screen, locale: 'xx-invalid-locale-123', timezone: 'Mars/Olympus' } };
      const painter = new Painter({ width, height, theme: 'light', locale: 'en-US', timeZone: 'UTC' });
      expect(painter.paint(layout, fixture.page, { lastUpdate: 0, notice: 'x'.repeat(10_000) })).toEqual([{ x: 0, y: 0, width, height }]);
    }
  });
});
