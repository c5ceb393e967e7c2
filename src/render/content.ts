/**
 * From a tile's evaluation to the strings it shows (pure): label with its period, the value in
 * the metric's format, change, trend rate, bullet legend, the likely cause and the stale notice.
 */
import type { DriverBaseline } from '../core/drivers.js';
import type { KpiView, MetricView, PeriodUnit } from '../core/types.js';
import type { KpiDef, Layout, MetricDef, TileEval } from '../layout/types.js';
import { formatPercent, formatRate, formatSince, formatValue, formatValueCompact, periodName, previousName, unitOfPeriod } from './format.js';
import { statusWord } from './theme.js';
import type { TileContent } from './tile-layout.js';

/** Drivers at or below this z are named as likely causes (KPI-SPEC §10). */
export const CAUSE_Z = -1;
/** A likely cause's change from usual smaller than this prints as words: "▼ 0%" would say nothing. */
export const MIN_CAUSE_CHANGE = 0.0005;

export interface TextContext {
  readonly locale: string;
  readonly timeZone: string;
  readonly now: number;
}

/** The strings of one tile. */
export function tileContent(layout: Layout, tile: TileEval, context: TextContext): TileContent {
  const kpi = tile.kind === 'kpi' ? layout.kpis[tile.tile.ref] : undefined;
  const metricId = kpi?.metric ?? tile.tile.ref;
  const metric = layout.metrics[metricId];
  const format = metric?.format ?? {};
  const view: KpiView | MetricView = tile.view;
  const unit: PeriodUnit = kpi?.period ?? unitOfPeriod(view.period);
  const name = tile.tile.label ?? kpi?.label ?? metric?.label ?? tile.tile.ref;
  const period = periodName(unit, view.period, context.locale, context.timeZone);
  const label = period === '' || namesPeriod(name, period) ? name : `${name} · ${period}`;
  const full = tile.tile.view === 'full';
  const sparkAllowed = tile.tile.view !== 'value';
  const hasSpark = sparkAllowed && view.spark.norm.some((value) => value !== null);

  const change =
    view.previous.pct !== null && view.previous.delta !== null
      ? {
          text: `${view.previous.delta > 0 ? '▲' : view.previous.delta < 0 ? '▼' : '='} ${formatPercent(view.previous.pct, context.locale)} ${previousName(unit, view.period, context.locale, context.timeZone)}`,
          favorable: view.previous.favorable,
        }
      : null;
  const trend =
    (view.trend.direction === 'up' || view.trend.direction === 'down') && view.trend.slopePerDay !== null && tile.tile.view !== 'value'
      ? { text: `${view.trend.direction === 'up' ? '↗' : '↘'} ${formatRate(view.trend.slopePerDay, context.locale, format)}`, improving: view.trend.improving }
      : null;
  const stale = view.stale ? staleText(tile.lastPointAt, context) : null;

  if (tile.kind === 'metric') {
    return {
      label,
      value: formatValue(view.value, context.locale, format),
      valueCompact: formatValueCompact(view.value, context.locale, format),
      status: null,
      statusWord: '',
      change,
      trend,
      bullet: false,
      bulletLegend: null,
      spark: hasSpark,
      cause: null,
      stale,
    };
  }
  const kpiView = tile.view;
  return {
    label,
    value: formatValue(kpiView.value, context.locale, format),
    valueCompact: formatValueCompact(kpiView.value, context.locale, format),
    status: kpiView.status,
    statusWord: statusWord(kpiView.status),
    change,
    trend,
    bullet: full && kpiView.target !== null && kpiView.value !== null,
    bulletLegend: full ? bulletLegend(kpiView, context.locale, format) : null,
    spark: full && hasSpark,
    cause: kpiView.status === 'at_risk' || kpiView.status === 'off_track' ? causeText(layout, kpi, kpiView, context, tile.driverBaselines) : null,
    stale,
  };
}

/** Whether a label already says its period ("Inbound leads this month", "… today"), so none is appended. */
export function namesPeriod(label: string, period: string): boolean {
  const lower = label.toLowerCase();
  return lower.includes(period.toLowerCase()) || /\b(today|yesterday|this|month|monthly|week|weekly|quarter|quarterly|year|yearly|daily|ytd|mtd|qtd)\b/.test(lower);
}

/** "no data since 14:05" (or "2 Dec 14:05"), or "no data yet" when the metric has no point at all. */
export function staleText(lastPointAt: number | null, context: TextContext): string {
  if (lastPointAt === null || !Number.isFinite(lastPointAt)) return '◷ no data yet';
  return `◷ no data since ${formatSince(lastPointAt, context.now, context.locale, context.timeZone)}`;
}

/** "78% of 1,200 · pace 1,080": attainment against the target, and what was expected by now. */
export function bulletLegend(view: KpiView, locale: string, format: Intl.NumberFormatOptions): string | null {
  if (view.target === null) return null;
  const parts: string[] = [];
  const target = formatValue(view.target, locale, format);
  parts.push(view.attainment !== null ? `${formatPercent(view.attainment, locale)} of ${target}` : `target ${target}`);
  if (view.pace !== null) parts.push(`expected ${formatValue(view.pace.expected, locale, format)}`);
  return parts.join(' · ');
}

/**
 * "Likely cause: Website conversion ▼ 25%": the most adverse driver with z ≤ CAUSE_Z, and how far
 * its value is from its baseline mean, (value − mean) / |mean|, the arrow by that sign. Without a
 * usable mean (none, or 0) it says "below usual" / "above usual" by the driver's better direction.
 */
export function causeText(
  layout: Layout,
  kpi: KpiDef | undefined,
  view: KpiView,
  context: TextContext,
  baselines: Readonly<Record<string, DriverBaseline>> = {},
): string | null {
  const adverse = view.drivers.filter((driver) => driver.z !== null && driver.z <= CAUSE_Z);
  const worst = [...adverse].sort((a, b) => (a.z ?? 0) - (b.z ?? 0))[0];
  if (worst === undefined) return null;
  const metric: MetricDef | undefined = layout.metrics[worst.metric];
  const better = kpi?.drivers.find((driver) => driver.metric === worst.metric)?.better ?? metric?.better ?? 'higher';
  const name = metric?.label ?? worst.metric;
  const others = adverse.length > 1 ? ` (+${adverse.length - 1} more)` : '';
  const change = relativeChange(worst.value, baselines[worst.metric]?.mean ?? null);
  const amount =
    change !== null && Math.abs(change) >= MIN_CAUSE_CHANGE
      ? `${change < 0 ? '▼' : '▲'} ${formatPercent(change, context.locale)}`
      : better === 'higher'
        ? '▼ below usual'
        : '▲ above usual';
  return `Likely cause: ${name} ${amount}${others}`;
}

/** (value − mean) / |mean|, or null when either is missing or the mean is 0 (no meaningful ratio). */
export function relativeChange(value: number | null, mean: number | null): number | null {
  if (value === null || mean === null || !Number.isFinite(value) || !Number.isFinite(mean) || mean === 0) return null;
  const change = (value - mean) / Math.abs(mean);
  return Number.isFinite(change) ? change : null;
}
