// Golden images: frames painted from hand-built views compared with reviewed PNGs in test/golden/
// (pixelmatch, per-pixel threshold 0.1, at most 0.1% of pixels may differ). A failure writes
// NAME.actual.png and NAME.diff.png next to the golden; UPDATE_GOLDENS=1 rewrites the goldens.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { describe, expect, test } from 'vitest';
import type { Status } from '../../src/core/types.js';
import { Painter, type PaintStatus } from '../../src/render/painter.js';
import { kpiDef, kpiView, metricView, NOW, page, tile, wall, type Fixture } from './fixtures.js';

const GOLDEN_DIR = fileURLToPath(new URL('../golden/', import.meta.url));
const PIXEL_THRESHOLD = 0.1;
const MAX_DIFFERING_SHARE = 0.001;
const calm: PaintStatus = { lastUpdate: NOW - 60_000, notice: null };

function expectGolden(name: string, fixture: Fixture, width: number, height: number, status: PaintStatus = calm): void {
  const painter = new Painter({ width, height, theme: fixture.layout.screen.theme, locale: 'en-US', timeZone: 'Europe/Berlin' });
  painter.paint(fixture.layout, fixture.page, status);
  const actual = PNG.sync.read(painter.canvas.toBuffer('image/png'));
  const file = `${GOLDEN_DIR}${name}.png`;
  mkdirSync(GOLDEN_DIR, { recursive: true });
  if (process.env.UPDATE_GOLDENS === '1') {
    writeFileSync(file, PNG.sync.write(actual));
    return;
  }
  if (!existsSync(file)) {
    writeFileSync(`${GOLDEN_DIR}${name}.actual.png`, PNG.sync.write(actual));
    throw new Error(`no golden ${file}: review ${name}.actual.png and run with UPDATE_GOLDENS=1 to accept it`);
  }
  const golden = PNG.sync.read(readFileSync(file));
  expect([actual.width, actual.height]).toEqual([golden.width, golden.height]);
  const diff = new PNG({ width, height });
  const differing = pixelmatch(golden.data, actual.data, diff.data, width, height, { threshold: PIXEL_THRESHOLD });
  if (differing > width * height * MAX_DIFFERING_SHARE) {
    writeFileSync(`${GOLDEN_DIR}${name}.actual.png`, PNG.sync.write(actual));
    writeFileSync(`${GOLDEN_DIR}${name}.diff.png`, PNG.sync.write(diff));
  }
  expect(differing, `${differing} pixels differ from ${name}.png; see ${name}.diff.png`).toBeLessThanOrEqual(width * height * MAX_DIFFERING_SHARE);
}

/** One KPI tile filling a small page. */
function single(status: Status, overrides: Parameters<typeof kpiView>[1] = {}, lastPointAt?: number | null, label = 'Inbound leads'): Fixture {
  return page([{ tile: tile('kpi', 'leads', [0, 0], [1, 1]), kpi: kpiView(status, overrides), kpiDef: kpiDef('leads', 'inbound_leads', 1200, label), lastPointAt }], {
    width: 640,
    height: 400,
    columns: 1,
    rows: 1,
    title: 'Sales',
  });
}

describe('golden frames', () => {
  test.each(['on_track', 'at_risk', 'off_track', 'early', 'no_data', 'unknown'] as const)('status %s', (status) => {
    expectGolden(`status-${status}`, single(status, {}, status === 'no_data' ? null : undefined), 640, 400);
  });

  test('stale: dimmed, dashed, "no data since 14:05"', () => {
    expectGolden('stale', single('on_track', { stale: true }, Date.parse('2026-12-18T13:05:00Z')), 640, 400);
  });

  test('long labels are ellipsised, long causes shrink then cut', () => {
    const fixture = page(
      [
        { tile: tile('kpi', 'a', [0, 0], [1, 1], 'full', 'Support tickets closed within the service level agreement window across all regions'), kpi: kpiView('off_track') },
        { tile: tile('metric', 'tickets', [1, 0]), metric: metricView(987_654_321) },
        { tile: tile('kpi', 'b', [0, 1], [2, 1], 'value', 'Average first response time for enterprise customers in the EMEA region'), kpi: kpiView('at_risk') },
      ],
      { width: 800, height: 480, columns: 2, rows: 2, title: 'A very long page title that would run into the clock if nobody cut it' },
    );
    expectGolden('long-labels', fixture, 800, 480, { lastUpdate: NOW, notice: null });
  });

  test('tiny screen 800x480, light theme, with a notice over the header', () => {
    expectGolden('tiny-800x480-light', wall({ width: 800, height: 480, theme: 'light' }), 800, 480, { lastUpdate: NOW, notice: "layouts/marketing.yaml:12:3 unknown key 'colour'" });
  });

  test('wide tiles put the bullet graph and sparkline beside the value', () => {
    const fixture = page(
      [
        { tile: tile('kpi', 'a', [0, 0], [3, 1]), kpi: kpiView('off_track') },
        { tile: tile('metric', 'search_traffic', [0, 1], [3, 1]), metric: metricView(262_400) },
      ],
      { width: 1280, height: 480, columns: 3, rows: 2, theme: 'light' },
    );
    expectGolden('wide-tiles', fixture, 1280, 480);
  });

  test('huge screen 3840x2160', () => {
    expectGolden('huge-3840x2160', wall({ width: 3840, height: 2160 }), 3840, 2160);
  });

  test('1080p wall', () => {
    expectGolden('wall-1920x1080', wall(), 1920, 1080);
  });
});
