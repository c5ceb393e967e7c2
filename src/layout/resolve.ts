/**
 * Turns a structurally valid layout file into the resolved `Layout` the rest of the program uses:
 * durations in ms, thresholds as steps, KPIs as `KpiSpec`s with their metric's direction and
 * aggregate, drivers as `DriverSpec`s, tiles with their kind and grid cells.
 */
import type { Calendar, DriverSpec, KpiSpec, ThresholdStep } from '../core/types.js';
import { parseDuration } from './duration.js';
import { LAYOUT_DEFAULTS, type LayoutFile } from './schema.js';
import type { KpiDef, Layout, MetricDef, Rotation, TileDef } from './types.js';

type TrendInput = { bucket: KpiSpec['trend']['bucket']; window: number; fill: 'gap' | 'zero' } | undefined;

const durationMs = (text: string, fallback: string): number => parseDuration(text) ?? parseDuration(fallback) ?? 0;

function resolveTrend(trend: TrendInput): KpiSpec['trend'] {
  return trend ?? { bucket: LAYOUT_DEFAULTS.trendBucket, window: LAYOUT_DEFAULTS.trendWindow, fill: LAYOUT_DEFAULTS.trendFill };
}

/** Grafana-style steps from the file's thresholds: off_track from -Infinity, then at_risk, on_track. */
export function thresholdSteps(thresholds: { at_risk: number; on_track: number } | undefined): ThresholdStep[] {
  const atRisk = thresholds?.at_risk ?? LAYOUT_DEFAULTS.atRisk;
  const onTrack = thresholds?.on_track ?? LAYOUT_DEFAULTS.onTrack;
  return [
    { status: 'off_track', from: -Infinity },
    { status: 'at_risk', from: atRisk },
    { status: 'on_track', from: onTrack },
  ];
}

function resolveMetrics(file: LayoutFile): Record<string, MetricDef> {
  const metrics: Record<string, MetricDef> = {};
  for (const [id, metric] of Object.entries(file.metrics)) {
    metrics[id] = {
      id,
      label: metric.label ?? id,
      better: metric.better,
      aggregate: metric.aggregate,
      format: metric.format ?? {},
      period: metric.period,
      staleAfterMs: durationMs(metric.stale_after, LAYOUT_DEFAULTS.staleAfter),
      trend: resolveTrend(metric.trend),
    };
  }
  return metrics;
}

function resolveKpis(file: LayoutFile, metrics: Record<string, MetricDef>): Record<string, KpiDef> {
  const kpis: Record<string, KpiDef> = {};
  for (const [id, kpi] of Object.entries(file.kpis)) {
    const metric = metrics[kpi.metric];
    if (metric === undefined) continue; // checks.ts reported it; never reached for a valid layout
    const calendar: Calendar = { timeZone: file.screen.timezone, weekStart: kpi.week_start, fiscalYearStart: kpi.fiscal_year_start };
    const drivers: DriverSpec[] = kpi.drivers
      .map((driverId) => metrics[driverId])
      .filter((driver): driver is MetricDef => driver !== undefined)
      .map((driver) => ({ metric: driver.id, better: driver.better, aggregate: driver.aggregate }));
    kpis[id] = {
      id,
      label: kpi.label ?? metric.label,
      metric: metric.id,
      better: metric.better,
      aggregate: metric.aggregate,
      period: kpi.period,
      target: kpi.target ?? null,
      thresholds: thresholdSteps(kpi.thresholds),
      staleAfterMs: durationMs(kpi.stale_after, LAYOUT_DEFAULTS.staleAfter),
      trend: resolveTrend(kpi.trend),
      drivers,
      baseline: kpi.baseline,
      calendar,
      minElapsed: kpi.min_elapsed,
    };
  }
  return kpis;
}

function resolveTiles(file: LayoutFile): TileDef[] {
  return file.tiles.map((tile) => {
    const kind = tile.kpi !== undefined ? 'kpi' : 'metric';
    const base = { kind, ref: tile.kpi ?? tile.metric ?? '', at: tile.at, span: tile.span, view: tile.view } as const;
    return tile.label === undefined ? base : { ...base, label: tile.label };
  });
}

/** The resolved page of a valid layout file named `name` (from `source`). */
export function resolveLayout(file: LayoutFile, name: string, source: string): Layout {
  const metrics = resolveMetrics(file);
  return {
    name,
    source,
    title: file.title ?? name,
    screen: {
      width: file.screen.width,
      height: file.screen.height,
      timezone: file.screen.timezone,
      locale: Intl.getCanonicalLocales(file.screen.locale)[0] ?? LAYOUT_DEFAULTS.locale,
      rotate: file.screen.rotate as Rotation,
      durationMs: durationMs(file.screen.duration, LAYOUT_DEFAULTS.duration),
      theme: file.screen.theme,
    },
    grid: { ...file.grid },
    metrics,
    kpis: resolveKpis(file, metrics),
    tiles: resolveTiles(file),
  };
}
