/**
 * Dirty rectangles widened to whole framebuffer rows: a framebuffer takes whole rows in one
 * write each band, but a tile's part of a row one write per row (a 300-row tile is 300 writes),
 * so the rows a tile covers are cheaper to write whole. Overlapping or touching row ranges merge.
 * With the screen turned a quarter (rotate 90/270) physical rows are logical columns: those widen.
 */

/** A rectangle in logical (unrotated canvas) pixels. */
export interface DirtyRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Whole physical rows covering `dirty` on a `width`×`height` canvas shown at `rotate` degrees. */
export function wholeRows(dirty: readonly DirtyRect[], width: number, height: number, rotate: number): DirtyRect[] {
  const quarter = rotate === 90 || rotate === 270;
  const limit = quarter ? width : height;
  const ranges = dirty
    .map((rect) => (quarter ? [rect.x, rect.x + rect.width] : [rect.y, rect.y + rect.height]) as [number, number])
    .map(([start, end]): [number, number] => [Math.max(0, Math.floor(start)), Math.min(limit, Math.ceil(end))])
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last !== undefined && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged.map(([start, end]) => (quarter ? { x: start, y: 0, width: end - start, height } : { x: 0, y: start, width, height: end - start }));
}
