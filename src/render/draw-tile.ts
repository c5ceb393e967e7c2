/**
 * The thin draw step of a tile: paints a TileModel (tile-model.ts) with the theme's colours.
 * Decisions about what fits and where were made before; this only turns the model into pixels.
 */
import type { CanvasRenderingContext2D } from 'canvas';
import type { Status } from '../core/types.js';
import { fontOf } from './fonts.js';
import type { Rect } from './geometry.js';
import { statusColor, statusShape, type Palette } from './theme.js';
import type { TextItem, TileContent } from './tile-layout.js';
import type { BulletModel, SparkModel, TileModel } from './tile-model.js';

/** Content of a stale tile is drawn at this opacity, so it reads as old from across the room. */
export const STALE_ALPHA = 0.4;

/** Paints one tile's model over whatever was there (page background first, so repaints leave no trace). */
export function drawTile(ctx: CanvasRenderingContext2D, palette: Palette, model: TileModel): void {
  const { rect, layout, content } = model;
  const accent = model.accent !== null ? statusColor(palette, model.accent) : null;
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
  } else if (model.stale) {
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

  ctx.globalAlpha = model.stale ? STALE_ALPHA : 1;
  if (model.bullet !== null) drawBullet(ctx, palette, model.bullet, accent);
  if (model.spark !== null) drawSpark(ctx, palette, model.spark);
  if (layout.badge !== null && content.status !== null) drawShape(ctx, layout.badge, content.status, accent ?? palette.muted);
  for (const item of layout.items) {
    ctx.globalAlpha = model.stale && item.role !== 'stale' ? STALE_ALPHA : 1;
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
      // Only drivers with z ≤ CAUSE_Z are named: an adverse move, in the unfavourable colour.
      return palette.unfavorable;
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
function drawBullet(ctx: CanvasRenderingContext2D, palette: Palette, bullet: BulletModel, accent: string | null): void {
  for (const band of bullet.bands) {
    ctx.fillStyle = palette.bands[band.shade];
    ctx.fillRect(band.x, bullet.bandTop, band.width, bullet.bandHeight);
  }
  ctx.fillStyle = accent ?? palette.bar;
  ctx.fillRect(bullet.bar.x, bullet.bar.y, bullet.bar.width, bullet.bar.height);
  ctx.fillStyle = palette.target;
  ctx.fillRect(bullet.tick.x, bullet.tick.y, bullet.tick.width, bullet.tick.height);
  if (bullet.pace !== null) {
    const { x, y, size } = bullet.pace;
    ctx.fillStyle = palette.pace;
    ctx.beginPath();
    ctx.moveTo(x - size, y);
    ctx.lineTo(x + size, y);
    ctx.lineTo(x, y + size);
    ctx.closePath();
    ctx.fill();
  }
}

/** The sparkline: each run of points as one line, a dot on the last point. */
function drawSpark(ctx: CanvasRenderingContext2D, palette: Palette, spark: SparkModel): void {
  ctx.strokeStyle = palette.spark;
  ctx.lineWidth = spark.lineWidth;
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  ctx.beginPath();
  for (const run of spark.runs) {
    run.forEach(([x, y], index) => (index === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
  }
  ctx.stroke();
  if (spark.last !== null) {
    const [x, y] = spark.last;
    ctx.fillStyle = palette.text;
    ctx.beginPath();
    ctx.arc(x, y, spark.dot, 0, Math.PI * 2);
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
