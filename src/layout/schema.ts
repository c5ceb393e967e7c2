/**
 * The layout file's one schema (zod 4): TypeScript input types, structural validation and the
 * published JSON Schema (`schema/layout.schema.json`) all come from here. Checks that need the
 * whole file (metric references, overlaps, time zones, number formats) live in checks.ts.
 */
import * as z from 'zod';
import { DURATION_PATTERN } from './duration.js';

/** Defaults applied when a layout leaves a setting out; the descriptions below quote them. */
export const LAYOUT_DEFAULTS = {
  width: 1920,
  height: 1080,
  timezone: 'UTC',
  locale: 'en-US',
  rotate: 0,
  duration: '30s',
  theme: 'dark',
  columns: 4,
  rows: 3,
  gap: 16,
  period: 'month',
  atRisk: 0.9,
  onTrack: 1.0,
  staleAfter: '2h',
  metricPeriod: 'day',
  trendBucket: 'day',
  trendWindow: 14,
  trendFill: 'gap',
  baseline: 8,
  weekStart: 1,
  fiscalYearStart: 1,
  minElapsed: 0.1,
  view: 'full',
} as const;

const MAX_PIXELS = 16_384;
const MAX_CELLS = 64;
const MAX_TREND_WINDOW = 400;
const MAX_BASELINE = 60;

const duration = (what: string, fallback: string) =>
  z.string().regex(new RegExp(DURATION_PATTERN)).default(fallback).describe(`${what}: a number and a unit, s m h d (30s, 15m, 2h, 1d). Default ${fallback}.`);

const periodUnit = z.enum(['day', 'week', 'month', 'quarter', 'year']);
const aggregateKind = z.enum(['sum', 'count', 'mean', 'median', 'min', 'max', 'last']);
const betterDirection = z.enum(['higher', 'lower']);

export const screenSchema = z
  .strictObject({
    width: z.int().min(1).max(MAX_PIXELS).default(LAYOUT_DEFAULTS.width).describe('Screen width in pixels. Default 1920.'),
    height: z.int().min(1).max(MAX_PIXELS).default(LAYOUT_DEFAULTS.height).describe('Screen height in pixels. Default 1080.'),
    timezone: z.string().default(LAYOUT_DEFAULTS.timezone).describe('IANA time zone the calendar periods are cut in (Europe/Berlin). Default UTC.'),
    locale: z.string().default(LAYOUT_DEFAULTS.locale).describe('BCP 47 locale for numbers and dates. Default en-US.'),
    rotate: z.literal([0, 90, 180, 270]).default(LAYOUT_DEFAULTS.rotate).describe('Rotation of the picture in degrees clockwise. Default 0.'),
    duration: duration('How long this page is shown when several pages rotate', LAYOUT_DEFAULTS.duration),
    theme: z.enum(['dark', 'light']).default(LAYOUT_DEFAULTS.theme).describe('Colour theme. Default dark.'),
  })
  .describe('The screen this page is drawn for.');

export const gridSchema = z
  .strictObject({
    columns: z.int().min(1).max(MAX_CELLS).default(LAYOUT_DEFAULTS.columns).describe('Grid columns. Default 4.'),
    rows: z.int().min(1).max(MAX_CELLS).default(LAYOUT_DEFAULTS.rows).describe('Grid rows. Default 3.'),
    gap: z.int().min(0).max(1_000).default(LAYOUT_DEFAULTS.gap).describe('Pixels between tiles. Default 16.'),
  })
  .describe('The grid tiles are placed on.');

export const formatSchema = z
  .strictObject({
    style: z.enum(['decimal', 'percent', 'currency', 'unit']).optional(),
    currency: z.string().optional().describe('ISO 4217 code (EUR) when style is currency.'),
    currencyDisplay: z.enum(['symbol', 'narrowSymbol', 'code', 'name']).optional(),
    unit: z.string().optional().describe('A sanctioned unit (kilogram, percent, megabyte-per-second) when style is unit.'),
    unitDisplay: z.enum(['short', 'narrow', 'long']).optional(),
    notation: z.enum(['standard', 'scientific', 'engineering', 'compact']).optional(),
    compactDisplay: z.enum(['short', 'long']).optional(),
    signDisplay: z.enum(['auto', 'never', 'always', 'exceptZero', 'negative']).optional(),
    useGrouping: z.boolean().optional(),
    minimumIntegerDigits: z.int().min(1).max(21).optional(),
    minimumFractionDigits: z.int().min(0).max(100).optional(),
    maximumFractionDigits: z.int().min(0).max(100).optional(),
    minimumSignificantDigits: z.int().min(1).max(21).optional(),
    maximumSignificantDigits: z.int().min(1).max(21).optional(),
  })
  .describe('Intl.NumberFormat options for the value.');

export const trendSchema = z
  .strictObject({
    bucket: periodUnit.default(LAYOUT_DEFAULTS.trendBucket).describe('Calendar unit of the trend and sparkline buckets. Default day.'),
    window: z.int().min(3).max(MAX_TREND_WINDOW).default(LAYOUT_DEFAULTS.trendWindow).describe('Complete buckets before the current one. Default 14.'),
    fill: z.enum(['gap', 'zero']).default(LAYOUT_DEFAULTS.trendFill).describe('An empty bucket is a gap, or 0. Default gap.'),
  })
  .describe('Trend and sparkline settings.');

export const metricSchema = z
  .strictObject({
    label: z.string().min(1).optional().describe('What tiles call it. Default: the metric id.'),
    better: betterDirection.describe('Which way is good.'),
    aggregate: aggregateKind.describe('How points over a period combine (sum and count are additive).'),
    format: formatSchema.optional(),
    period: periodUnit.default(LAYOUT_DEFAULTS.metricPeriod).describe('Period a metric tile shows (to date). Default day.'),
    stale_after: duration('A metric tile looks stale when its newest point is older than this', LAYOUT_DEFAULTS.staleAfter),
    trend: trendSchema.optional(),
  })
  .describe('A measured series.');

export const thresholdsSchema = z
  .strictObject({
    off_track: z.number().optional().describe('Accepted for symmetry: off_track is every score below at_risk.'),
    at_risk: z.number().default(LAYOUT_DEFAULTS.atRisk).describe('Score from which the KPI is at risk. Default 0.9.'),
    on_track: z.number().default(LAYOUT_DEFAULTS.onTrack).describe('Score from which the KPI is on track. Default 1.0.'),
  })
  .describe('Status steps on the score (pace attainment for sum/count KPIs, attainment otherwise).');

export const kpiSchema = z
  .strictObject({
    metric: z.string().min(1).describe('The metric this KPI measures (a key of metrics).'),
    label: z.string().min(1).optional().describe("What the tile calls it. Default: the metric's label."),
    period: periodUnit.default(LAYOUT_DEFAULTS.period).describe('Period the target is for, to date. Default month.'),
    target: z.number().optional().describe('The goal for the period. Without one, status is unknown.'),
    thresholds: thresholdsSchema.optional(),
    stale_after: duration('The tile looks stale when the newest point is older than this', LAYOUT_DEFAULTS.staleAfter),
    trend: trendSchema.optional(),
    drivers: z.array(z.string().min(1)).max(32).default([]).describe('Supporting metrics that explain a miss.'),
    baseline: z.int().min(1).max(MAX_BASELINE).default(LAYOUT_DEFAULTS.baseline).describe('Previous periods drivers are judged against. Default 8.'),
    week_start: z.int().min(1).max(7).default(LAYOUT_DEFAULTS.weekStart).describe('ISO weekday weeks start on (1 Monday, 7 Sunday). Default 1.'),
    fiscal_year_start: z.int().min(1).max(12).default(LAYOUT_DEFAULTS.fiscalYearStart).describe('Month years and quarters start in. Default 1.'),
    min_elapsed: z.number().min(0).max(1).default(LAYOUT_DEFAULTS.minElapsed).describe('Part of the period before pace is judged (status early). Default 0.1.'),
  })
  .describe('A metric tied to a goal.');

const cell = z.int().min(0).max(MAX_CELLS - 1);
const cells = z.int().min(1).max(MAX_CELLS);

export const tileSchema = z
  .strictObject({
    kpi: z.string().min(1).optional().describe('The KPI shown (a key of kpis); or give metric.'),
    metric: z.string().min(1).optional().describe('The metric shown (a key of metrics); or give kpi.'),
    at: z.tuple([cell, cell]).describe('Top-left grid cell [column, row], 0-based.'),
    span: z.tuple([cells, cells]).default([1, 1]).describe('Cells covered [columns, rows]. Default [1, 1].'),
    view: z.enum(['full', 'sparkline', 'value']).default(LAYOUT_DEFAULTS.view).describe('What the tile draws. Default full.'),
    label: z.string().min(1).optional().describe('Overrides the label.'),
  })
  .describe('One tile: exactly one of kpi or metric.');

export const layoutSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Editor hint, ignored.'),
    title: z.string().min(1).optional().describe('Page title. Default: the file name.'),
    screen: screenSchema.prefault({}),
    grid: gridSchema.prefault({}),
    metrics: z.record(z.string().min(1), metricSchema).default({}).describe('Metrics by id.'),
    kpis: z.record(z.string().min(1), kpiSchema).default({}).describe('KPIs by id.'),
    tiles: z.array(tileSchema).max(MAX_CELLS * MAX_CELLS).default([]).describe('Tiles on the grid.'),
  })
  .describe('A kpi-signage page: one file = one page.');

/** A layout file after structural validation, every default applied (keys as written in the file). */
export type LayoutFile = z.output<typeof layoutSchema>;

/** The published JSON Schema of a layout file (draft 2020-12), for editors and `kpi-signage schema`. */
export function layoutJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(layoutSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return { ...generated, $id: 'https://kpi-signage.dev/schema/layout.schema.json', title: 'kpi-signage layout' };
}
