/**
 * The page header: title on the left, the clock on the right with "updated 14:05" beside it,
 * and a notice banner (a layout error, say) over the title area. Layout is pure; drawing is thin.
 */
import type { CanvasRenderingContext2D } from 'canvas';
import { fontOf } from './fonts.js';
import { inset, type Rect } from './geometry.js';
import { drawText } from './draw-tile.js';
import { ellipsize, fitFontSize, LINE_HEIGHT, MIN_FONT_PX, type Measure } from './text-fit.js';
import type { Palette } from './theme.js';
import type { TextItem } from './tile-layout.js';

export interface HeaderContent {
  readonly title: string;
  readonly clock: string;
  /** "updated 14:05", or null before the first data. */
  readonly updated: string | null;
  readonly notice: string | null;
}

export interface HeaderLayout {
  readonly title: TextItem | null;
  readonly clock: TextItem | null;
  readonly updated: TextItem | null;
  readonly banner: { readonly rect: Rect; readonly text: TextItem | null } | null;
}

/** Lays out the header band (pure). */
export function layoutHeader(rect: Rect, content: HeaderContent, measure: Measure, margin: number): HeaderLayout {
  const inner = inset(rect, Math.max(2, Math.round(Math.min(rect.height * 0.16, margin || rect.height * 0.16))));
  const middle = inner.y + inner.height / 2;
  const lineSize = Math.floor(inner.height / LINE_HEIGHT);
  const clockSize = Math.min(lineSize, fitFontSize(measure, content.clock, inner.width * 0.35, inner.height, lineSize, true));
  if (clockSize < MIN_FONT_PX) return { title: null, clock: null, updated: null, banner: null };
  const clockWidth = measure(content.clock, clockSize, true);
  const clockFits = clockWidth <= inner.width * 0.4;
  const clock: TextItem | null = clockFits ? { role: 'value', text: content.clock, x: inner.x + inner.width, y: middle, size: clockSize, bold: true, align: 'right', width: clockWidth } : null;
  let right = inner.x + inner.width - (clock !== null ? clockWidth + clockSize * 0.6 : 0);
  const smallSize = Math.max(MIN_FONT_PX, Math.floor(clockSize * 0.55));
  let updated: TextItem | null = null;
  if (content.updated !== null) {
    const width = measure(content.updated, smallSize, false);
    if (width <= (right - inner.x) * 0.35) {
      updated = { role: 'label', text: content.updated, x: right, y: middle, size: smallSize, bold: false, align: 'right', width };
      right -= width + smallSize;
    }
  }
  const titleSize = Math.floor(clockSize * 0.8);
  const titleText = ellipsize(measure, content.title, titleSize, Math.max(0, right - inner.x), true);
  const title: TextItem | null = titleText === '' ? null : { role: 'label', text: titleText, x: inner.x, y: middle, size: titleSize, bold: true, align: 'left', width: measure(titleText, titleSize, true) };
  let banner: HeaderLayout['banner'] = null;
  if (content.notice !== null && right - inner.x > 0) {
    const bannerRect: Rect = { x: inner.x, y: inner.y, width: Math.max(0, Math.floor(right - inner.x)), height: inner.height };
    const pad = Math.round(bannerRect.height * 0.25);
    const text = ellipsize(measure, `⚠ ${content.notice}`, smallSize, bannerRect.width - 2 * pad, true);
    banner = {
      rect: bannerRect,
      text: text === '' ? null : { role: 'cause', text, x: bannerRect.x + pad, y: middle, size: smallSize, bold: true, align: 'left', width: measure(text, smallSize, true) },
    };
  }
  return { title: banner === null ? title : null, clock, updated, banner };
}

/** Paints the header band. */
export function drawHeader(ctx: CanvasRenderingContext2D, palette: Palette, rect: Rect, layout: HeaderLayout): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(rect.x, rect.y, rect.width, rect.height);
  ctx.clip();
  ctx.fillStyle = palette.page;
  ctx.fillRect(rect.x, rect.y, rect.width, rect.height);
  if (layout.title !== null) drawText(ctx, layout.title, palette.text);
  if (layout.updated !== null) drawText(ctx, layout.updated, palette.muted);
  if (layout.clock !== null) drawText(ctx, layout.clock, palette.text);
  if (layout.banner !== null) {
    const { rect: box, text } = layout.banner;
    ctx.fillStyle = palette.notice;
    ctx.fillRect(box.x, box.y, box.width, box.height);
    if (text !== null) {
      ctx.font = fontOf(text.size, true);
      drawText(ctx, text, palette.noticeText);
    }
  }
  ctx.restore();
}
