/**
 * The thin draw step of a tile: paints a TileLayout (tile-layout.ts) with the theme's colours.
 * Decisions about what fits were made before; this only turns rectangles and strings into pixels.
 */
import type { CanvasRenderingContext2D } from 'canvas';
import type { KpiView, Status } from '../core/types.js';
import type { KpiDef } from '../layout/types.js';
import { fontOf } from './fonts.js';
import type { Rect } from './geometry.js';
import { statusColor, statusShape, type Palette } from './theme.js';
import type { TextItem, TileContent, TileLayout } from './tile-layout.js';

/** Content of a stale tile is drawn at this opacity, so it reads as old from across the room. */
export const STALE_ALPHA = 0.4;

export interface TileDrawing {
  readonly rect: Rect;
  readonly layout: TileLayout;
  readonly content: TileContent;
  readonly stale: boolean;
  /** The KPI's numbers for the bullet graph, null for metric tiles. */
  readonly kpi: { readonly view: KpiView; readonly spec: KpiDef | undefined } | null;
  readonly spark: readonly (number | null)[];
}

/** Paints one tile over whatever was there (page background first, so repaints leave no trace). */
export function drawTile(ctx: CanvasRenderingContext2D, palette: Palette, drawing: TileDrawing): void {
  const { rect, layout, content } = drawing;
  const accent = !drawing.stale && content.status !== null ? statusColor(palette, content.status) : null;
  ctx.save();
  ctx.beginPath();
  ctx.rect(rect.x, rect.y, rect.width, rect.height);
  ctx.clip();
  ctx.fillStyle = palette.page;
  ctx.fillRect(rect.x, rect.y, rect.width, rect.height);
  const radius = Math.min(layout.padding * 0.6, 12);
  ctx.fillStyle = palette.tile;
  roundedRect(ctx, rect, radius);
  ctx.fill();
  const border = Math.max(1, Math.round(layout.padding * 0.12));
  if (accent !== null) {
    ctx.strokeStyle = accent;
    ctx.lineWidth = border * 2;
    roundedRect(ctx, insetBy(rect, border), Math.max(0, radius - border));
    ctx.stroke();
    ctx.fillStyle = accent;
    ctx.fillRect(rect.x, rect.y, Math.max(3, Math.round(layout.padding * 0.4)), rect.height);
  } else if (drawing.stale) {
    ctx.strokeStyle = palette.stale;
    ctx.lineWidth = border * 2;
    ctx.setLineDash([border * 6, border * 4]);
    roundedRect(ctx, insetBy(rect, border), Math.max(0, radius - border));
    ctx.stroke();
    ctx.setLineDash([]);
  } else {
    ctx.strokeStyle = palette.tileBorder;
    ctx.lineWidth = 1;
    roundedRect(ctx, insetBy(rect, 0.5), radius);
    ctx.stroke();
  }

  ctx.globalAlpha = drawing.stale ? STALE_ALPHA : 1;
  if (layout.bullet !== null && drawing.kpi !== null) drawBullet(ctx, palette, layout.bullet, drawing.kpi, accent);
  if (layout.spark !== null) drawSpark(ctx, palette, layout.spark, drawing.spark);
  if (layout.badge !== null && content.status !== null) drawShape(ctx, layout.badge, content.status, accent ?? palette.muted);
  for (const item of layout.items) {
    ctx.globalAlpha = drawing.stale && item.role !== 'stale' ? STALE_ALPHA : 1;
    drawText(ctx, item, colorOf(item, content, palette, accent));
  }
  ctx.restore();
}

/** The colour of a line of text by its role. */
function colorOf(item: TextItem, content: TileContent, palette: Palette, accent: string | null): string {
  switch (item.role) {
    case 'value':
      return item.text === '—' ? palette.faint : palette.text;
    case 'label':
    case 'legend':
      return palette.muted;
    case 'status':
      return accent ?? palette.muted;
    case 'change':
      return favorColor(content.change?.favorable ?? null, palette);
    case 'trend':
      return favorColor(content.trend?.improving ?? null, palette);
    case 'cause':
      return accent ?? palette.text;
    case 'stale':
      return palette.text;
  }
}

/** Blue when good, vermillion when bad, grey when neither. */
function favorColor(favorable: boolean | null, palette: Palette): string {
  return favorable === true ? palette.favorable : favorable === false ? palette.unfavorable : palette.muted;
}

/** One line of text, vertically centred on item.y. */
export function drawText(ctx: CanvasRenderingContext2D, item: TextItem, color: string): void {
  ctx.font = fontOf(item.size, item.bold);
  ctx.fillStyle = color;
  ctx.textBaseline = 'middle';
  ctx.textAlign = item.align;
  ctx.fillText(item.text, item.x, item.y);
}

/** The status shape in its box: ● ▲ ◆ ◐ ○ □ drawn as paths (no font glyph needed). */
export function drawShape(ctx: CanvasRenderingContext2D, box: Rect, status: Status, color: string): void {
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const r = box.width / 2;
  ctx.fillStyle = color;
  ctx.strokeStyle = color;
  ctx.lineWidth = Math.max(1.5, r * 0.28);
  ctx.beginPath();
  switch (statusShape(status)) {
    case 'circle':
      ctx.arc(cx, cy, r, 0, Math.PI * 2);
      ctx.fill();
      break;
    case 'triangle':
      ctx.moveTo(cx, box.y);
      ctx.lineTo(box.x + box.width, box.y + box.height);
      ctx.lineTo(box.x, box.y + box.height);
      ctx.closePath();
      ctx.fill();
      break;
    case 'diamond':
      ctx.moveTo(cx, box.y);
      ctx.lineTo(box.x + box.width, cy);
      ctx.lineTo(cx, box.y + box.height);
      ctx.lineTo(box.x, cy);
      ctx.closePath();
      ctx.fill();
      break;
    case 'half':
      ctx.arc(cx, cy, r - ctx.lineWidth / 2, 0, Math.PI * 2);
      ctx.stroke();
      ctx.beginPath();
      ctx.arc(cx, cy, r, -Math.PI / 2, Math.PI / 2, true);
      ctx.closePath();
      ctx.fill();
      break;
    case 'ring':
      ctx.arc(cx, cy, r - ctx.lineWidth / 2, 0, Math.PI * 2);
      ctx.stroke();
      break;
    case 'square': {
      const half = ctx.lineWidth / 2;
      ctx.strokeRect(box.x + half, box.y + half, box.width - 2 * half, box.height - 2 * half);
      break;
    }
  }
}

/** Few's bullet graph: grey bands by threshold, a bar for the value, a tick for the target, ▼ for pace. */
function drawBullet(
  ctx: CanvasRenderingContext2D,
  palette: Palette,
  parts: NonNullable<TileLayout['bullet']>,
  kpi: NonNullable<TileDrawing['kpi']>,
  accent: string | null,
): void {
  const { view, spec } = kpi;
  if (view.target === null || view.value === null) return;
  const target = Math.abs(view.target);
  const expected = view.pace?.expected ?? null;
  const maximum = Math.max(target * 1.25, Math.abs(view.value) * 1.05, expected !== null ? Math.abs(expected) * 1.05 : 0, 1e-9);
  const bar = parts.bar;
  const xOf = (amount: number): number => bar.x + (Math.min(Math.max(amount, 0), maximum) / maximum) * bar.width;
  const atRisk = spec?.thresholds.find((step) => step.status === 'at_risk')?.from ?? 0.9;
  const onTrack = spec?.thresholds.find((step) => step.status === 'on_track')?.from ?? 1;
  const lowerBetter = spec?.better === 'lower';
  const edges = lowerBetter ? [0, target * (2 - onTrack), target * (2 - atRisk), maximum] : [0, target * atRisk, target * onTrack, maximum];
  const shades = lowerBetter ? [palette.bands[2], palette.bands[1], palette.bands[0]] : [palette.bands[0], palette.bands[1], palette.bands[2]];
  for (let band = 0; band < 3; band++) {
    const left = xOf(edges[band] ?? 0);
    const right = xOf(edges[band + 1] ?? maximum);
    if (right <= left) continue;
    ctx.fillStyle = shades[band] ?? palette.bands[0];
    ctx.fillRect(left, bar.y, right - left, bar.height);
  }
  const barHeight = Math.max(2, Math.round(bar.height * 0.42));
  ctx.fillStyle = accent ?? palette.bar;
  ctx.fillRect(bar.x, bar.y + Math.round((bar.height - barHeight) / 2), xOf(Math.abs(view.value)) - bar.x, barHeight);
  const tick = Math.max(2, Math.round(bar.height * 0.1));
  ctx.fillStyle = palette.target;
  ctx.fillRect(Math.min(xOf(target) - tick / 2, bar.x + bar.width - tick), bar.y, tick, bar.height);
  if (expected !== null) {
    const marker = parts.marker;
    const x = Math.min(Math.max(xOf(Math.abs(expected)), marker.x + marker.height), marker.x + marker.width - marker.height);
    ctx.fillStyle = palette.pace;
    ctx.beginPath();
    ctx.moveTo(x - marker.height, marker.y);
    ctx.lineTo(x + marker.height, marker.y);
    ctx.lineTo(x, marker.y + marker.height);
    ctx.closePath();
    ctx.fill();
  }
}

/** The sparkline: normalised values left to right, gaps break the line, a dot on the last point. */
function drawSpark(ctx: CanvasRenderingContext2D, palette: Palette, box: Rect, norm: readonly (number | null)[]): void {
  if (norm.length === 0) return;
  const lineWidth = Math.max(1.5, Math.min(5, box.height * 0.045));
  const dot = lineWidth * 1.6;
  const top = box.y + dot;
  const height = Math.max(0, box.height - 2 * dot);
  const left = box.x + dot;
  const width = Math.max(0, box.width - 2 * dot);
  const step = norm.length > 1 ? width / (norm.length - 1) : 0;
  const pointOf = (index: number, value: number): [number, number] => [left + index * step, top + (1 - Math.min(Math.max(value, 0), 1)) * height];
  ctx.strokeStyle = palette.spark;
  ctx.lineWidth = lineWidth;
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  ctx.beginPath();
  let drawing = false;
  let last: [number, number] | null = null;
  for (let index = 0; index < norm.length; index++) {
    const value = norm[index];
    if (value === null || value === undefined || !Number.isFinite(value)) {
      drawing = false;
      continue;
    }
    const point = pointOf(index, value);
    if (drawing) ctx.lineTo(point[0], point[1]);
    else ctx.moveTo(point[0], point[1]);
    drawing = true;
    last = point;
  }
  ctx.stroke();
  if (last !== null) {
    const [x, y] = last;
    ctx.fillStyle = palette.text;
    ctx.beginPath();
    ctx.arc(x, y, dot, 0, Math.PI * 2);
    ctx.fill();
  }
}

/** A rounded-rectangle path. */
function roundedRect(ctx: CanvasRenderingContext2D, rect: Rect, radius: number): void {
  const r = Math.max(0, Math.min(radius, rect.width / 2, rect.height / 2));
  ctx.beginPath();
  ctx.moveTo(rect.x + r, rect.y);
  ctx.arcTo(rect.x + rect.width, rect.y, rect.x + rect.width, rect.y + rect.height, r);
  ctx.arcTo(rect.x + rect.width, rect.y + rect.height, rect.x, rect.y + rect.height, r);
  ctx.arcTo(rect.x, rect.y + rect.height, rect.x, rect.y, r);
  ctx.arcTo(rect.x, rect.y, rect.x + rect.width, rect.y, r);
  ctx.closePath();
}

/** A rectangle shrunk by `by` on every side. */
function insetBy(rect: Rect, by: number): Rect {
  return { x: rect.x + by, y: rect.y + by, width: Math.max(0, rect.width - 2 * by), height: Math.max(0, rect.height - 2 * by) };
}
