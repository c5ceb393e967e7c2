// Hand-built layouts and views for render tests and goldens: deterministic and independent of
// the core math, one tile per status plus stale, no data and long labels.
import type { DriverBaseline } from '../../src/core/drivers.js';
import type { KpiSpec, KpiView, MetricView, Status } from '../../src/core/types.js';
import type { KpiDef, Layout, MetricDef, PageEval, TileDef, TileEval } from '../../src/layout/types.js';

export const NOW = Date.parse('2026-12-18T14:20:00Z');
const calendar = { timeZone: 'Europe/Berlin', weekStart: 1, fiscalYearStart: 1 };

function metric(id: string, label: string, format: Intl.NumberFormatOptions = {}, better: 'higher' | 'lower' = 'higher'): MetricDef {
  return { id, label, better, aggregate: 'sum', format };
}

export const metrics: Record<string, MetricDef> = {
  inbound_leads: metric('inbound_leads', 'Inbound leads'),
  search_traffic: metric('search_traffic', 'Search traffic', { notation: 'compact' }),
  conversion_rate: { ...metric('conversion_rate', 'Website conversion', { style: 'percent', maximumFractionDigits: 1 }), aggregate: 'mean' },
  seo_rank: { ...metric('seo_rank', 'SEO rank', {}, 'lower'), aggregate: 'last' },
  revenue: metric('revenue', 'Revenue', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }),
  tickets: metric('tickets', 'Support tickets closed within the service level agreement window across all regions and partner desks'),
};

function kpiDef(id: string, metricId: string, target: number | null, label: string): KpiDef {
  const spec: KpiSpec = {
    id,
    metric: metricId,
    better: metrics[metricId]?.better ?? 'higher',
    aggregate: 'sum',
    period: 'month',
    target,
    thresholds: [
      { status: 'off_track', from: Number.NEGATIVE_INFINITY },
      { status: 'at_risk', from: 0.9 },
      { status: 'on_track', from: 1 },
    ],
    staleAfterMs: 2 * 3_600_000,
    trend: { bucket: 'day', window: 14, fill: 'gap' },
    drivers: [
      { metric: 'search_traffic', better: 'higher', aggregate: 'sum' },
      { metric: 'conversion_rate', better: 'higher', aggregate: 'mean' },
      { metric: 'seo_rank', better: 'lower', aggregate: 'last' },
    ],
    baseline: 8,
    calendar,
    minElapsed: 0.1,
  };
  return { ...spec, label };
}

const period = { start: '2026-11-30T23:00:00.000Z', end: '2026-12-31T23:00:00.000Z', elapsed: 0.565 };
const sparkValues = [31, 35, 33, 38, 41, 39, 44, 47, 45, 50, 53, 51, 56, 58];
const norm = (values: readonly (number | null)[]): (number | null)[] => {
  const present = values.filter((v): v is number => v !== null);
  const min = Math.min(...present);
  const max = Math.max(...present);
  return values.map((v) => (v === null ? null : max === min ? 0.5 : (v - min) / (max - min)));
};

/** A KPI view with the given status and plausible numbers around a target of 1200. */
export function kpiView(status: Status, overrides: Partial<KpiView> = {}): KpiView {
  const value = { on_track: 712, at_risk: 622, off_track: 498, early: 64, no_data: null, unknown: 640 }[status];
  const target = status === 'unknown' ? null : 1200;
  const attainment = value !== null && target !== null ? value / target : null;
  const spark = status === 'no_data' ? [] : sparkValues.map((v, i) => (status === 'off_track' ? 60 - v + (i % 3) : v));
  return {
    value,
    n: value === null ? 0 : 17,
    target,
    gap: value !== null && target !== null ? value - target : null,
    gapPct: attainment !== null ? attainment - 1 : null,
    attainment,
    period,
    previous: {
      value: 640,
      delta: value === null ? null : value - 640,
      pct: value === null ? null : (value - 640) / 640,
      favorable: value === null || value === 640 ? null : value > 640,
    },
    pace: target === null ? null : { expected: target * period.elapsed, projected: (value ?? 0) / period.elapsed, attainment: value === null ? null : value / period.elapsed / target },
    status,
    stale: status === 'no_data',
    trend:
      status === 'on_track'
        ? { direction: 'up', slopePerDay: 1.5, lsSlopePerDay: 1.4, p: 0.01, confidence: 'high', improving: true }
        : status === 'off_track'
          ? { direction: 'down', slopePerDay: -2.25, lsSlopePerDay: -2.1, p: 0.02, confidence: 'high', improving: false }
          : { direction: 'flat', slopePerDay: 0.1, lsSlopePerDay: 0.1, p: 0.6, confidence: 'high', improving: null },
    spark: { values: spark, norm: norm(spark) },
    drivers:
      status === 'at_risk' || status === 'off_track'
        ? [
            { metric: 'conversion_rate', value: 0.021, z: -2.4 },
            { metric: 'search_traffic', value: 120_000, z: -0.3 },
            { metric: 'seo_rank', value: 4, z: null },
          ]
        : [],
    ...overrides,
  };
}

/** The baselines behind the drivers of kpiView's at-risk and off-track views: conversion 0.021 against a usual 0.028 is ▼ 25%. */
export const DRIVER_BASELINES: Readonly<Record<string, DriverBaseline>> = {
  conversion_rate: { mean: 0.028, sd: 0.0029 },
  search_traffic: { mean: 125_000, sd: 16_000 },
  seo_rank: { mean: null, sd: null },
};

/** A metric view. */
export function metricView(value: number | null, overrides: Partial<MetricView> = {}): MetricView {
  const spark = [12, 13, 15, 14, 16, 18, null, 17, 19, 21, 20, 22, 24, 23].map((v) => (v === null ? null : v * 1000));
  return {
    value,
    n: 20,
    period,
    previous: { value: 240_000, delta: value === null ? null : value - 240_000, pct: value === null ? null : (value - 240_000) / 240_000, favorable: value === null ? null : value > 240_000 },
    stale: false,
    trend: { direction: 'up', slopePerDay: 812, lsSlopePerDay: 790, p: 0.001, confidence: 'high', improving: true },
    spark: { values: spark, norm: norm(spark) },
    ...overrides,
  };
}

export interface Fixture {
  readonly layout: Layout;
  readonly page: PageEval;
}

/** Builds a layout and its page from (tile, view) pairs. */
export function page(
  tiles: readonly { tile: TileDef; kpi?: KpiView; metric?: MetricView; lastPointAt?: number | null; kpiDef?: KpiDef; driverBaselines?: Readonly<Record<string, DriverBaseline>> }[],
  options: { width?: number; height?: number; columns?: number; rows?: number; gap?: number; theme?: 'dark' | 'light'; title?: string } = {},
): Fixture {
  const kpis: Record<string, KpiDef> = {};
  const evals: TileEval[] = [];
  const kpiViews: Record<string, KpiView> = {};
  const metricViews: Record<string, MetricView> = {};
  for (const entry of tiles) {
    if (entry.kpi !== undefined) {
      kpis[entry.tile.ref] = entry.kpiDef ?? kpiDef(entry.tile.ref, 'inbound_leads', entry.kpi.target, 'Inbound leads');
      kpiViews[entry.tile.ref] = entry.kpi;
      const lastPointAt = entry.lastPointAt === undefined ? NOW - 600_000 : entry.lastPointAt;
      evals.push({ kind: 'kpi', tile: entry.tile, view: entry.kpi, lastPointAt, driverBaselines: entry.driverBaselines ?? DRIVER_BASELINES });
    } else if (entry.metric !== undefined) {
      metricViews[entry.tile.ref] = entry.metric;
      evals.push({ kind: 'metric', tile: entry.tile, view: entry.metric, lastPointAt: entry.lastPointAt === undefined ? NOW - 600_000 : entry.lastPointAt });
    }
  }
  const layout: Layout = {
    name: 'fixture',
    source: 'test/render/fixtures.ts',
    title: options.title ?? 'Marketing · December',
    screen: { width: options.width ?? 1920, height: options.height ?? 1080, timezone: 'Europe/Berlin', locale: 'en-US', rotate: 0, durationMs: 30_000, theme: options.theme ?? 'dark' },
    grid: { columns: options.columns ?? 4, rows: options.rows ?? 3, gap: options.gap ?? 16 },
    metrics,
    kpis,
    tiles: tiles.map((entry) => entry.tile),
  };
  return { layout, page: { now: NOW, kpis: kpiViews, metrics: metricViews, tiles: evals, warnings: [] } };
}

export function tile(kind: 'kpi' | 'metric', ref: string, at: [number, number], span: [number, number] = [1, 1], view: TileDef['view'] = 'full', label?: string): TileDef {
  return label === undefined ? { kind, ref, at, span, view } : { kind, ref, at, span, view, label };
}

export { kpiDef };

/** A 12-tile wall: every status, stale, no data, a long label, metric tiles. */
export function wall(options: Parameters<typeof page>[1] = {}): Fixture {
  return page(
    [
      { tile: tile('kpi', 'monthly_leads', [0, 0], [2, 2]), kpi: kpiView('at_risk') },
      { tile: tile('kpi', 'on_track', [2, 0]), kpi: kpiView('on_track'), kpiDef: kpiDef('on_track', 'revenue', 1200, 'Revenue') },
      { tile: tile('kpi', 'off_track', [3, 0]), kpi: kpiView('off_track'), kpiDef: kpiDef('off_track', 'inbound_leads', 1200, 'Qualified leads') },
      { tile: tile('kpi', 'early', [2, 1]), kpi: kpiView('early'), kpiDef: kpiDef('early', 'inbound_leads', 1200, 'Demo requests') },
      { tile: tile('kpi', 'no_data', [3, 1]), kpi: kpiView('no_data'), kpiDef: kpiDef('no_data', 'inbound_leads', 1200, 'Webinar signups'), lastPointAt: null },
      { tile: tile('kpi', 'unknown', [0, 2]), kpi: kpiView('unknown'), kpiDef: kpiDef('unknown', 'inbound_leads', null, 'Newsletter opens') },
      { tile: tile('kpi', 'stale', [1, 2]), kpi: kpiView('on_track', { stale: true }), kpiDef: kpiDef('stale', 'inbound_leads', 1200, 'Trial starts'), lastPointAt: Date.parse('2026-12-18T13:05:00Z') },
      { tile: tile('metric', 'search_traffic', [2, 2]), metric: metricView(262_400) },
      { tile: tile('metric', 'tickets', [3, 2]), metric: metricView(1234) },
    ],
    options,
  );
}
