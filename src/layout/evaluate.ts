/**
 * Evaluates one page: every KPI of the layout and every metric tile, through the pure core, with
 * the newest point time of each tile's metric (for "no data since 14:05"). No I/O, no clock.
 */
import { evaluateKpiDetailed, evaluateMetric, lastPointTime, type KpiEvaluation } from '../core/index.js';
import type { Calendar, DataWarning, KpiView, MetricView, Series } from '../core/types.js';
import { LAYOUT_DEFAULTS } from './schema.js';
import type { Layout, MetricDef, PageEval, TileEval } from './types.js';

const DEFAULT_TREND = { bucket: LAYOUT_DEFAULTS.trendBucket, window: LAYOUT_DEFAULTS.trendWindow, fill: LAYOUT_DEFAULTS.trendFill } as const;
const DEFAULT_STALE_AFTER_MS = 2 * 3_600_000;

function metricView(layout: Layout, metric: MetricDef, series: Series | undefined, now: number): MetricView {
  const calendar: Calendar = { timeZone: layout.screen.timezone, weekStart: LAYOUT_DEFAULTS.weekStart, fiscalYearStart: LAYOUT_DEFAULTS.fiscalYearStart };
  return evaluateMetric(
    {
      metric: metric.id,
      better: metric.better,
      aggregate: metric.aggregate,
      period: metric.period ?? LAYOUT_DEFAULTS.metricPeriod,
      staleAfterMs: metric.staleAfterMs ?? DEFAULT_STALE_AFTER_MS,
      trend: metric.trend ?? DEFAULT_TREND,
      calendar,
    },
    series,
    now,
  );
}

/**
 * Every KPI of `layout` and every tile's view at `now`; `seriesOf` gives a metric's cleaned series
 * (undefined: no data). Warnings name metrics a tile or KPI needs that have no data at all.
 * This runs in `O(k × d × b × (log n + m))` for k KPIs with d drivers and b baseline periods.
 */
export function evaluatePage(layout: Layout, seriesOf: (metric: string) => Series | undefined, now: number): PageEval {
  const kpis: Record<string, KpiView> = {};
  const detailed = new Map<string, KpiEvaluation>();
  for (const [id, kpi] of Object.entries(layout.kpis)) {
    const evaluation = evaluateKpiDetailed(kpi, seriesOf, now);
    detailed.set(id, evaluation);
    kpis[id] = evaluation.view;
  }
  const metrics: Record<string, MetricView> = {};
  const tiles: TileEval[] = [];
  for (const tile of layout.tiles) {
    if (tile.kind === 'kpi') {
      const kpi = layout.kpis[tile.ref];
      const view = kpis[tile.ref];
      if (kpi === undefined || view === undefined) continue; // the loader rejects such layouts
      const driverBaselines = detailed.get(tile.ref)?.driverBaselines ?? {};
      tiles.push({ kind: 'kpi', tile, view, lastPointAt: lastPointTime(seriesOf(kpi.metric), now), driverBaselines });
    } else {
      const metric = layout.metrics[tile.ref];
      if (metric === undefined) continue;
      const series = seriesOf(metric.id);
      const view = (metrics[metric.id] ??= metricView(layout, metric, series, now));
      tiles.push({ kind: 'metric', tile, view, lastPointAt: lastPointTime(series, now) });
    }
  }
  return { now, kpis, metrics, tiles, warnings: missingData(layout, seriesOf) };
}

/** Every metric a layout's KPIs (with their drivers) and metric tiles read. This runs in `O(k × d + t)`. */
export function neededMetrics(layout: Layout): Set<string> {
  const needed = new Set<string>();
  for (const kpi of Object.values(layout.kpis)) {
    needed.add(kpi.metric);
    for (const driver of kpi.drivers) needed.add(driver.metric);
  }
  for (const tile of layout.tiles) if (tile.kind === 'metric') needed.add(tile.ref);
  return needed;
}

function missingData(layout: Layout, seriesOf: (metric: string) => Series | undefined): DataWarning[] {
  const warnings: DataWarning[] = [];
  for (const metric of neededMetrics(layout)) {
    const series = seriesOf(metric);
    if (series === undefined || series.times.length === 0) warnings.push({ metric, time: null, why: 'no data for this metric in the data files or pushed points' });
  }
  return warnings;
}

/**
 * The part of `layout` that depends on the `changed` metrics: the KPIs that read one (as their
 * metric or a driver) and the tiles that show those KPIs or metrics. Evaluating it and merging
 * with `mergePage` gives a push frame the new views of those tiles without evaluating the rest.
 * This runs in `O(k × d + t)` for k KPIs with d drivers and t tiles.
 */
export function layoutTouching(layout: Layout, changed: ReadonlySet<string>): Layout {
  const kpis: Record<string, Layout['kpis'][string]> = {};
  for (const [id, kpi] of Object.entries(layout.kpis)) {
    if (changed.has(kpi.metric) || kpi.drivers.some((driver) => changed.has(driver.metric))) kpis[id] = kpi;
  }
  const tiles = layout.tiles.filter((tile) => (tile.kind === 'kpi' ? kpis[tile.ref] !== undefined : changed.has(layout.metrics[tile.ref]?.id ?? tile.ref)));
  return { ...layout, kpis, tiles };
}

/**
 * `previous` with the tiles, KPIs and metrics of `fresh` (the evaluation of `touched`, a
 * `layoutTouching` of the same layout) in their place and `fresh.now` as the page's time. Tiles
 * not in `fresh` keep their views (the same objects, so a painter can tell they did not change).
 * Warnings about metrics `touched` reads are replaced by fresh's. This runs in `O(t + w)`.
 */
export function mergePage(previous: PageEval, fresh: PageEval, touched: Layout): PageEval {
  const byTile = new Map(fresh.tiles.map((tile) => [tile.tile, tile]));
  const looked = neededMetrics(touched);
  return {
    now: fresh.now,
    kpis: { ...previous.kpis, ...fresh.kpis },
    metrics: { ...previous.metrics, ...fresh.metrics },
    tiles: previous.tiles.map((tile) => byTile.get(tile.tile) ?? tile),
    warnings: [...fresh.warnings, ...previous.warnings.filter((warning) => !looked.has(warning.metric))],
  };
}
