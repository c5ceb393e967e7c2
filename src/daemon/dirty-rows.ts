/**
 * Dirty rectangles widened to whole framebuffer rows where that is cheaper: a framebuffer takes
 * whole rows in one write per band, but a tile's part of a row one write per row (a 300-row tile
 * is 300 writes), so a row of dirty tiles is written as whole rows; one narrow tile stays a
 * rectangle. With the screen turned a quarter (rotate 90/270) physical rows are logical columns.
 */
import { clipRect } from '../output/rotate.js';

/** A rectangle in logical (unrotated canvas) pixels. */
export interface DirtyRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Dirty rectangles of a row range that together cover at least this share of a row are written as
 * whole rows; narrower ones stay as they are (copying a whole row costs more than a few short
 * writes: measured on a 1920-wide page, one tile alone is faster as a rectangle, a row of tiles as rows).
 */
export const WHOLE_ROWS_FROM_SHARE = 0.5;

/**
 * The rectangles to write for `dirty` on a `width`×`height` canvas shown at `rotate` degrees:
 * rectangles sharing physical rows are grouped; a group covering WHOLE_ROWS_FROM_SHARE of a row
 * becomes its whole rows, any other keeps its rectangles (cut to the canvas and to whole pixels).
 */
export function wholeRows(dirty: readonly DirtyRect[], width: number, height: number, rotate: number, share = WHOLE_ROWS_FROM_SHARE): DirtyRect[] {
  const quarter = rotate === 90 || rotate === 270;
  const rowLength = quarter ? height : width;
  const cut = dirty
    .map((rect) => clipRect(rect, width, height))
    .filter((rect): rect is DirtyRect => rect !== null)
    .map((rect) => ({ rect, start: quarter ? rect.x : rect.y, end: quarter ? rect.x + rect.width : rect.y + rect.height, length: quarter ? rect.height : rect.width }))
    .sort((a, b) => a.start - b.start);
  const groups: { start: number; end: number; covered: number; rects: DirtyRect[] }[] = [];
  for (const entry of cut) {
    const last = groups[groups.length - 1];
    if (last !== undefined && entry.start < last.end) {
      last.end = Math.max(last.end, entry.end);
      last.covered += entry.length;
      last.rects.push(entry.rect);
    } else {
      groups.push({ start: entry.start, end: entry.end, covered: entry.length, rects: [entry.rect] });
    }
  }
  return groups.flatMap((group) => {
    if (group.covered < share * rowLength) return group.rects;
    const extent = group.end - group.start;
    return [quarter ? { x: group.start, y: 0, width: extent, height } : { x: 0, y: group.start, width, height: extent }];
  });
}
