/**
 * Pure page geometry: where the header band and each grid cell go on a canvas of any size.
 * No canvas here, so every rectangle is tested without drawing (STYLE.md, uPlot section).
 */
import type { TileDef } from '../layout/types.js';

/** An axis-aligned rectangle in whole pixels of the logical (unrotated) canvas. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Header band height as a share of the canvas's shorter side, and its bounds in pixels. */
export const HEADER_SHARE = 0.075;
export const HEADER_MIN_PX = 26;
export const HEADER_MAX_PX = 160;

export interface PageGeometry {
  readonly width: number;
  readonly height: number;
  readonly header: Rect;
  readonly body: Rect;
  readonly gap: number;
  readonly columns: number;
  readonly rows: number;
}

/** Clamps n into [low, high]. */
export function clamp(n: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, n));
}

/**
 * Splits a canvas into the header band and the tile grid body. The layout's gap is in pixels of
 * its own screen size, so it is scaled to this canvas and shrunk if cells would vanish.
 */
export function pageGeometry(
  width: number,
  height: number,
  grid: { readonly columns: number; readonly rows: number; readonly gap: number },
  screen: { readonly width: number; readonly height: number } = { width, height },
): PageGeometry {
  const columns = Math.max(1, Math.floor(grid.columns));
  const rows = Math.max(1, Math.floor(grid.rows));
  const scale = Math.min(width / Math.max(1, screen.width), height / Math.max(1, screen.height));
  const headerHeight = Math.round(clamp(Math.min(height, width) * HEADER_SHARE, Math.min(HEADER_MIN_PX, height / 4), HEADER_MAX_PX));
  const bodyHeight = height - headerHeight;
  const largestGap = Math.min(width / (columns + 1), bodyHeight / (rows + 1)) / 2;
  const gap = Math.max(0, Math.floor(clamp(grid.gap * scale, 0, largestGap)));
  const header: Rect = { x: 0, y: 0, width, height: headerHeight };
  const body: Rect = { x: gap, y: headerHeight, width: Math.max(0, width - 2 * gap), height: Math.max(0, bodyHeight - gap) };
  return { width, height, header, body, gap, columns, rows };
}

/** The pixel rectangle of a tile's grid cells; tiles reaching past the grid are cut at its edge. */
export function tileRect(page: PageGeometry, tile: Pick<TileDef, 'at' | 'span'>): Rect {
  const { body, gap, columns, rows } = page;
  const cellWidth = (body.width - gap * (columns - 1)) / columns;
  const cellHeight = (body.height - gap * (rows - 1)) / rows;
  const column = clamp(Math.floor(tile.at[0]), 0, columns - 1);
  const row = clamp(Math.floor(tile.at[1]), 0, rows - 1);
  const columnEnd = clamp(column + Math.max(1, Math.floor(tile.span[0])), column + 1, columns);
  const rowEnd = clamp(row + Math.max(1, Math.floor(tile.span[1])), row + 1, rows);
  const left = Math.round(body.x + column * (cellWidth + gap));
  const right = Math.round(body.x + columnEnd * (cellWidth + gap) - gap);
  const top = Math.round(body.y + row * (cellHeight + gap));
  const bottom = Math.round(body.y + rowEnd * (cellHeight + gap) - gap);
  return { x: left, y: top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) };
}

/** Whether two rectangles share any pixel. */
export function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Whether `inner` lies entirely within `outer`. */
export function contains(outer: Rect, inner: Rect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

/** A rectangle shrunk by `by` pixels on every side (never below zero size). */
export function inset(rect: Rect, by: number): Rect {
  const dx = Math.min(by, rect.width / 2);
  const dy = Math.min(by, rect.height / 2);
  return { x: rect.x + dx, y: rect.y + dy, width: rect.width - 2 * dx, height: rect.height - 2 * dy };
}
