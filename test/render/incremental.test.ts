// Incremental redraw through the real core: a pushed point of a metric shown on one tile repaints
// that tile alone while the clock moves by seconds, even though every KPI's pace and elapsed
// share move with every millisecond; the pixels of every other tile stay as they were.
import { describe, expect, test } from 'vitest';
import type { Series } from '../../src/core/types.js';
import { evaluatePage } from '../../src/layout/evaluate.js';
import { formatProblem, parseLayoutText } from '../../src/layout/load.js';
import type { Layout } from '../../src/layout/types.js';
import { Painter } from '../../src/render/painter.js';
import { twelveTileLayout } from '../fixtures/twelve-tiles.mjs';

const HOUR = 3_600_000;
const WIDTH = 960;
const HEIGHT = 540;

const LAYOUT = twelveTileLayout({ width: WIDTH, height: HEIGHT, gap: 8 });

/** 120 days of hourly points up to `end`, a daily wave and a slow rise, the same every run. */
function hourly(end: number, value: (hour: number) => number): { times: number[]; values: number[] } {
  const times: number[] = [];
  const values: number[] = [];
  for (let hour = 120 * 24; hour >= 0; hour--) {
    times.push(end - hour * HOUR);
    values.push(value(120 * 24 - hour));
  }
  return { times, values };
}

function toSeries(points: { times: number[]; values: number[] }): Series {
  return { times: Float64Array.from(points.times), values: Float64Array.from(points.values) };
}

function layoutOf(text: string): Layout {
  const result = parseLayoutText(text, 'twelve.yaml');
  if (!result.ok) throw new Error(result.errors.map(formatProblem).join('\n'));
  return result.layout;
}

function pixels(painter: Painter): Uint8ClampedArray {
  return painter.canvas.getContext('2d').getImageData(0, 0, WIDTH, HEIGHT).data;
}

/** Pixels that differ inside and outside `rect`. */
function changes(before: Uint8ClampedArray, after: Uint8ClampedArray, rect: { x: number; y: number; width: number; height: number }): { inside: number; outside: number } {
  let inside = 0;
  let outside = 0;
  for (let at = 0; at < before.length; at += 4) {
    if (before[at] === after[at] && before[at + 1] === after[at + 1] && before[at + 2] === after[at + 2]) continue;
    const x = (at / 4) % WIDTH;
    const y = Math.floor(at / 4 / WIDTH);
    if (x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height) inside += 1;
    else outside += 1;
  }
  return { inside, outside };
}

describe('incremental redraw with the real core', () => {
  test('a point pushed for the one-tile metric repaints that tile only, while now moves by seconds', () => {
    const layout = layoutOf(LAYOUT);
    const lastHour = Date.parse('2026-12-03T10:00:00Z');
    const data = new Map<string, { times: number[]; values: number[] }>([
      ['inbound_leads', hourly(lastHour, (h) => 1 + ((h * 7) % 4))],
      ['search_traffic', hourly(lastHour, (h) => 100 + 40 * Math.sin((h / 24) * 2 * Math.PI) + h / 50)],
      ['conversion_rate', hourly(lastHour, (h) => 0.02 + 0.004 * Math.cos((h / 24) * 2 * Math.PI))],
      ['email_subscribers', hourly(lastHour, (h) => 3000 + h)],
      ['seo_rank', hourly(lastHour, (h) => 12 - (h % 5))],
      ['open_tickets', hourly(lastHour, (h) => 20 + (h % 9))],
    ]);
    const seriesOf = (metric: string): Series | undefined => {
      const points = data.get(metric);
      return points === undefined ? undefined : toSeries(points);
    };
    const painter = new Painter({ width: WIDTH, height: HEIGHT, theme: 'dark', locale: 'en-US', timeZone: 'Europe/Berlin' });
    const status = { lastUpdate: null, notice: null };
    const start = Date.parse('2026-12-03T10:30:02Z');
    const first = evaluatePage(layout, seriesOf, start);
    expect(first.tiles.every((tile) => tile.view.value !== null && !tile.view.stale)).toBe(true);
    expect(Object.values(first.kpis).map((kpi) => kpi.status)).not.toContain('no_data');
    painter.paint(layout, first, status);

    // Seconds later, nothing new: pace and elapsed moved, nothing on screen did.
    const later = evaluatePage(layout, seriesOf, start + 4_000);
    expect(later.kpis['leads_day']?.pace?.expected).not.toBe(first.kpis['leads_day']?.pace?.expected);
    expect(later.kpis['leads_month']?.period.elapsed).not.toBe(first.kpis['leads_month']?.period.elapsed);
    expect(painter.paint(layout, later, status)).toEqual([]);

    // A point for open_tickets (only the last tile shows it), a few seconds on again.
    const before = pixels(painter);
    const pushedAt = start + 9_000;
    const tickets = data.get('open_tickets')!;
    tickets.times.push(pushedAt - 500);
    tickets.values.push(97);
    const page = evaluatePage(layout, seriesOf, pushedAt);
    const dirty = painter.paint(layout, page, { lastUpdate: null, notice: null });
    const rect = painter.tileRects(layout)[11]!;
    expect(dirty).toEqual([rect]);
    const diff = changes(before, pixels(painter), rect);
    expect(diff.outside).toBe(0);
    expect(diff.inside).toBeGreaterThan(100); // "97" replaced the old value
  });
});
