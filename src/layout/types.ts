/**
 * A layout as the rest of the program sees it: one file = one page, every default applied.
 * The zod schema in schema.ts validates the file; load.ts resolves it into these shapes.
 */
import type { DriverBaseline } from '../core/drivers.js';
import type { Aggregate, Better, DataWarning, KpiSpec, KpiView, MetricView, PeriodUnit } from '../core/types.js';

export type Theme = 'dark' | 'light';
export type Rotation = 0 | 90 | 180 | 270;

export interface ScreenDef {
  readonly width: number;
  readonly height: number;
  readonly timezone: string;
  readonly locale: string;
  readonly rotate: Rotation;
  /** How long this page is shown when several rotate (default 30 s). */
  readonly durationMs: number;
  readonly theme: Theme;
}

export interface MetricDef {
  readonly id: string;
  readonly label: string;
  readonly better: Better;
  readonly aggregate: Aggregate;
  /** Options for Intl.NumberFormat (style, currency, unit, notation, maximumFractionDigits…). */
  readonly format: Intl.NumberFormatOptions;
  /** Period a metric tile shows, to date (the loader sets it; default `day`). */
  readonly period?: PeriodUnit;
  /** A metric tile is stale when its newest point is older than this (the loader sets it; default 2 h). */
  readonly staleAfterMs?: number;
  /** Trend and sparkline buckets of a metric tile (the loader sets it). */
  readonly trend?: KpiSpec['trend'];
}

export interface KpiDef extends KpiSpec {
  /** What the tile calls it; defaults to the metric's label. */
  readonly label: string;
}

export interface TileDef {
  readonly kind: 'kpi' | 'metric';
  /** The KPI id (kind kpi) or metric id (kind metric). */
  readonly ref: string;
  /** Grid cell of the top-left corner: [column, row], 0-based. */
  readonly at: readonly [number, number];
  /** Cells covered: [columns, rows]. */
  readonly span: readonly [number, number];
  readonly view: 'full' | 'sparkline' | 'value';
  readonly label?: string;
}

export interface Layout {
  /** File name without extension: the page's name. */
  readonly name: string;
  /** Where it came from (for messages), or `push:<name>`. */
  readonly source: string;
  readonly title: string;
  readonly screen: ScreenDef;
  readonly grid: { readonly columns: number; readonly rows: number; readonly gap: number };
  readonly metrics: Readonly<Record<string, MetricDef>>;
  readonly kpis: Readonly<Record<string, KpiDef>>;
  readonly tiles: readonly TileDef[];
}

/** A load problem a person can act on: where, what, and what to do about it. */
export interface LayoutProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly fix: string;
}

export type LayoutResult =
  | { readonly ok: true; readonly layout: Layout; readonly warnings: readonly LayoutProblem[] }
  | { readonly ok: false; readonly errors: readonly LayoutProblem[] };

/** One tile's evaluation, with the newest point time of its metric (for "no data since 14:05"). */
export type TileEval =
  | {
      readonly kind: 'kpi';
      readonly tile: TileDef;
      readonly view: KpiView;
      readonly lastPointAt: number | null;
      /** Per driver metric, the baseline its z was judged against (for "Likely cause: … ▼ 25%"). */
      readonly driverBaselines?: Readonly<Record<string, DriverBaseline>>;
    }
  | { readonly kind: 'metric'; readonly tile: TileDef; readonly view: MetricView; readonly lastPointAt: number | null };

export interface PageEval {
  readonly now: number;
  readonly kpis: Readonly<Record<string, KpiView>>;
  readonly metrics: Readonly<Record<string, MetricView>>;
  readonly tiles: readonly TileEval[];
  readonly warnings: readonly DataWarning[];
}
