import { describe, expect, it } from 'vitest';
import { cleanPoints } from '../../src/core/clean.js';
import type { Series } from '../../src/core/types.js';
import { evaluatePage, layoutTouching, mergePage } from '../../src/layout/evaluate.js';
import { formatProblem, loadLayoutFile, parseLayoutText } from '../../src/layout/load.js';
import type { Layout } from '../../src/layout/types.js';
import { loadDataDir, mergeDataFiles } from '../../src/store/files.js';

async function marketing(): Promise<{ layout: Layout; seriesOf: (metric: string) => Series | undefined }> {
  const result = await loadLayoutFile('layouts/marketing.yaml');
  if (!result.ok) throw new Error(result.errors.map(formatProblem).join('\n'));
  const files = await loadDataDir('data', result.layout.screen.timezone);
  const merged = mergeDataFiles(files.values());
  const series = new Map([...merged].map(([metric, raw]) => [metric, cleanPoints(metric, raw).series]));
  return { layout: result.layout, seriesOf: (metric) => series.get(metric) };
}

describe('evaluatePage', () => {
  it('tells the marketing story at 2026-12-03 10:00Z: leads at risk because conversion dropped, newsletter on track', async () => {
    const { layout, seriesOf } = await marketing();
    const page = evaluatePage(layout, seriesOf, Date.parse('2026-12-03T10:00:00Z'));
    const leads = page.kpis['monthly_leads'];
    expect(leads?.status).toBe('at_risk');
    expect(leads?.period.start).toBe('2026-11-30T23:00:00.000Z'); // 1 December, Berlin midnight
    expect(leads?.drivers[0]?.metric).toBe('conversion_rate');
    expect(leads?.drivers[0]?.z).toBeLessThanOrEqual(-1);
    expect(leads?.drivers.slice(1).every((driver) => driver.z === null || driver.z > -1)).toBe(true);
    expect(page.kpis['newsletter']?.status).toBe('on_track');
    expect(page.warnings).toEqual([]);
  });

  it('gives a KPI tile the baseline of each driver, for "Likely cause: Website conversion ▼ 25%"', async () => {
    const { layout, seriesOf } = await marketing();
    const page = evaluatePage(layout, seriesOf, Date.parse('2026-12-03T10:00:00Z'));
    const tile = page.tiles.find((entry) => entry.kind === 'kpi' && entry.tile.ref === 'monthly_leads');
    if (tile?.kind !== 'kpi') throw new Error('the marketing page has a monthly_leads tile');
    const conversion = tile.view.drivers.find((driver) => driver.metric === 'conversion_rate')!;
    const usual = tile.driverBaselines?.['conversion_rate']?.mean ?? null;
    expect(Object.keys(tile.driverBaselines ?? {}).sort()).toEqual(layout.kpis['monthly_leads']!.drivers.map((driver) => driver.metric).sort());
    expect(usual).not.toBeNull();
    // The example data drops conversion by about a quarter in December.
    const change = (conversion.value! - usual!) / Math.abs(usual!);
    expect(change).toBeLessThan(-0.2);
    expect(change).toBeGreaterThan(-0.35);
  });

  it('gives every tile its view and the newest point time of its metric', async () => {
    const { layout, seriesOf } = await marketing();
    const now = Date.parse('2026-12-03T10:30:00Z');
    const page = evaluatePage(layout, seriesOf, now);
    expect(page.tiles.map((tile) => `${tile.kind}:${tile.tile.ref}`)).toEqual(layout.tiles.map((tile) => `${tile.kind}:${tile.ref}`));
    for (const tile of page.tiles) expect(tile.lastPointAt).toBe(Date.parse('2026-12-03T10:00:00Z'));
    expect(Object.keys(page.metrics).sort()).toEqual(['conversion_rate', 'inbound_leads', 'search_traffic', 'seo_rank']);
    expect(Object.keys(page.kpis).sort()).toEqual(['monthly_leads', 'newsletter', 'weekly_traffic']);
    expect(page.metrics['seo_rank']?.period.start).toBe('2026-12-02T23:00:00.000Z'); // metric tiles show today
  });

  it('names metrics without any data, and evaluates them as no data', () => {
    const result = parseLayoutText('metrics:\n  leads: { better: higher, aggregate: sum }\nkpis:\n  k: { metric: leads, target: 10 }\ntiles:\n  - { kpi: k, at: [0, 0] }\n', 'a.yaml');
    if (!result.ok) throw new Error('layout should load');
    const page = evaluatePage(result.layout, () => undefined, Date.parse('2026-12-03T10:00:00Z'));
    expect(page.warnings).toEqual([{ metric: 'leads', time: null, why: 'no data for this metric in the data files or pushed points' }]);
    expect(page.kpis['k']?.stale).toBe(true);
    expect(page.tiles[0]?.lastPointAt).toBeNull();
  });

  it('re-evaluates only the tiles reading a pushed metric; the rest keep their views', async () => {
    const { layout, seriesOf } = await marketing();
    const before = Date.parse('2026-12-03T10:30:00Z');
    const previous = evaluatePage(layout, seriesOf, before);
    // A new conversion point: conversion_rate's own tile and every KPI that has it as a driver.
    const pushed = new Map([['conversion_rate', { times: Float64Array.of(before + 1_000), values: Float64Array.of(0.5) }]]);
    const after = (metric: string): Series | undefined => {
      const extra = pushed.get(metric);
      const base = seriesOf(metric);
      if (extra === undefined || base === undefined) return base;
      return { times: Float64Array.from([...base.times, ...extra.times]), values: Float64Array.from([...base.values, ...extra.values]) };
    };
    const now = before + 5_000;
    const touched = layoutTouching(layout, new Set(['conversion_rate']));
    const merged = mergePage(previous, evaluatePage(touched, after, now), touched);
    const full = evaluatePage(layout, after, now);
    const readsConversion = (ref: string, kind: string): boolean =>
      kind === 'kpi' ? layout.kpis[ref]!.metric === 'conversion_rate' || layout.kpis[ref]!.drivers.some((driver) => driver.metric === 'conversion_rate') : ref === 'conversion_rate';
    expect(merged.now).toBe(now);
    expect(merged.tiles.map((tile) => tile.tile)).toEqual(layout.tiles);
    let fresh = 0;
    merged.tiles.forEach((tile, index) => {
      if (readsConversion(tile.tile.ref, tile.kind)) {
        fresh += 1;
        expect(tile).toEqual(full.tiles[index]); // as a full evaluation says
      } else {
        expect(tile).toBe(previous.tiles[index]); // the very same object: the painter skips it
      }
    });
    expect(fresh).toBeGreaterThanOrEqual(2); // the conversion tile and the monthly leads KPI at least
    expect(merged.warnings).toEqual(full.warnings);
  });
});
