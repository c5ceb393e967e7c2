/**
 * What a tile draws, as plain data in device pixels (pure, no canvas): its strings and where they
 * go, the bullet graph's rectangles in whole pixels, the sparkline's points rounded to
 * SPARK_STEP_PX, and the colours by status. Two equal models draw the same pixels, so the painter
 * compares models (not raw numbers, which move with every millisecond of `now`) to decide what
 * to repaint, and draw-tile.ts draws the model exactly as it is.
 */
import type { KpiView, Status } from '../core/types.js';
import type { KpiDef } from '../layout/types.js';
import { clamp, type Rect } from './geometry.js';
import type { TileContent, TileLayout } from './tile-layout.js';

/** Sparkline points are rounded to this step in pixels: smooth lines, yet stable between frames. */
export const SPARK_STEP_PX = 0.5;
/** The bullet's scale reaches this share past the target (and past value or pace when larger). */
export const BULLET_HEADROOM = 1.25;
/** Default thresholds when a KPI has none of the kind (KPI-SPEC §6). */
const DEFAULT_AT_RISK_FROM = 0.9;
const DEFAULT_ON_TRACK_FROM = 1;

/** The bullet graph: three grey bands (0 = worst), the value bar, the target tick, the pace marker. */
export interface BulletModel {
  readonly bands: readonly { readonly x: number; readonly width: number; readonly shade: 0 | 1 | 2 }[];
  readonly bandTop: number;
  readonly bandHeight: number;
  readonly bar: Rect;
  readonly tick: Rect;
  /** The ▼ for where the value should be by now: its tip x, top y and half width (= height). */
  readonly pace: { readonly x: number; readonly y: number; readonly size: number } | null;
}

/** The sparkline: connected runs of points (gaps break the line) and the last point's dot. */
export interface SparkModel {
  readonly lineWidth: number;
  readonly dot: number;
  readonly runs: readonly (readonly (readonly [number, number])[])[];
  readonly last: readonly [number, number] | null;
}

/** Everything one tile draws; equal models (by JSON) mean equal pixels. */
export interface TileModel {
  readonly rect: Rect;
  readonly layout: TileLayout;
  readonly content: TileContent;
  readonly stale: boolean;
  /** The status that colours the frame, or null (metric tiles, stale tiles). */
  readonly accent: Status | null;
  readonly bullet: BulletModel | null;
  readonly spark: SparkModel | null;
}

/** The drawn model of a tile from its layout, strings and numbers. */
export function tileModel(
  rect: Rect,
  layout: TileLayout,
  content: TileContent,
  stale: boolean,
  kpi: { readonly view: KpiView; readonly spec: KpiDef | undefined } | null,
  spark: readonly (number | null)[],
): TileModel {
  return {
    rect,
    layout,
    content,
    stale,
    accent: !stale && content.status !== null ? content.status : null,
    bullet: layout.bullet !== null && kpi !== null ? bulletModel(layout.bullet, kpi.view, kpi.spec) : null,
    spark: layout.spark !== null ? sparkModel(layout.spark, spark) : null,
  };
}

/** Few's bullet graph in whole pixels; null when the KPI has no target or no value. */
export function bulletModel(parts: NonNullable<TileLayout['bullet']>, view: KpiView, spec: KpiDef | undefined): BulletModel | null {
  if (view.target === null || view.value === null || !Number.isFinite(view.target) || !Number.isFinite(view.value)) return null;
  const target = Math.abs(view.target);
  const expected = view.pace !== null && Number.isFinite(view.pace.expected) ? view.pace.expected : null;
  const maximum = Math.max(target * BULLET_HEADROOM, Math.abs(view.value) * 1.05, expected !== null ? Math.abs(expected) * 1.05 : 0, 1e-9);
  const bar = parts.bar;
  const xOf = (amount: number): number => Math.round(bar.x + (clamp(amount, 0, maximum) / maximum) * bar.width);
  const atRisk = spec?.thresholds.find((step) => step.status === 'at_risk')?.from ?? DEFAULT_AT_RISK_FROM;
  const onTrack = spec?.thresholds.find((step) => step.status === 'on_track')?.from ?? DEFAULT_ON_TRACK_FROM;
  const lowerBetter = spec?.better === 'lower';
  const edges = lowerBetter ? [0, target * (2 - onTrack), target * (2 - atRisk), maximum] : [0, target * atRisk, target * onTrack, maximum];
  const shades: readonly (0 | 1 | 2)[] = lowerBetter ? [2, 1, 0] : [0, 1, 2];
  const bands: { x: number; width: number; shade: 0 | 1 | 2 }[] = [];
  for (let band = 0; band < 3; band++) {
    const left = xOf(edges[band] ?? 0);
    const right = xOf(edges[band + 1] ?? maximum);
    if (right > left) bands.push({ x: left, width: right - left, shade: shades[band] ?? 0 });
  }
  const barHeight = Math.max(2, Math.round(bar.height * 0.42));
  const tick = Math.max(2, Math.round(bar.height * 0.1));
  const marker = parts.marker;
  const pace =
    expected === null
      ? null
      : { x: Math.round(clamp(xOf(Math.abs(expected)), marker.x + marker.height, marker.x + marker.width - marker.height)), y: marker.y, size: marker.height };
  return {
    bands,
    bandTop: bar.y,
    bandHeight: bar.height,
    bar: { x: bar.x, y: bar.y + Math.round((bar.height - barHeight) / 2), width: xOf(Math.abs(view.value)) - bar.x, height: barHeight },
    tick: { x: Math.round(Math.min(xOf(target) - tick / 2, bar.x + bar.width - tick)), y: bar.y, width: tick, height: bar.height },
    pace,
  };
}

/** The sparkline's points in pixels: normalised values left to right, gaps break the line. */
export function sparkModel(box: Rect, norm: readonly (number | null)[]): SparkModel | null {
  if (norm.length === 0) return null;
  const lineWidth = Math.max(1.5, Math.min(5, box.height * 0.045));
  const dot = lineWidth * 1.6;
  const top = box.y + dot;
  const height = Math.max(0, box.height - 2 * dot);
  const left = box.x + dot;
  const width = Math.max(0, box.width - 2 * dot);
  const step = norm.length > 1 ? width / (norm.length - 1) : 0;
  const snap = (pixels: number): number => Math.round(pixels / SPARK_STEP_PX) * SPARK_STEP_PX;
  const runs: [number, number][][] = [];
  let run: [number, number][] | null = null;
  let last: [number, number] | null = null;
  for (let index = 0; index < norm.length; index++) {
    const value = norm[index];
    if (value === null || value === undefined || !Number.isFinite(value)) {
      run = null;
      continue;
    }
    const point: [number, number] = [snap(left + index * step), snap(top + (1 - clamp(value, 0, 1)) * height)];
    if (run === null) {
      run = [];
      runs.push(run);
    }
    run.push(point);
    last = point;
  }
  return { lineWidth, dot, runs, last };
}
