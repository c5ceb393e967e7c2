/** Text measurement on a real canvas context, cached per font and text (the painter's `Measure`). */
import type { CanvasRenderingContext2D } from 'canvas';
import { fontOf } from './fonts.js';
import type { Measure } from './text-fit.js';

/** Measured widths kept per font and text; cleared past this many entries. */
export const MEASURE_CACHE_LIMIT = 20_000;

/** A cached `Measure` using `context` (its font is changed as a side effect). */
export function canvasMeasure(context: CanvasRenderingContext2D): Measure {
  const widths = new Map<string, number>();
  return (text, size, bold) => {
    const font = fontOf(size, bold);
    const key = `${font}|${text}`;
    let width = widths.get(key);
    if (width === undefined) {
      if (widths.size >= MEASURE_CACHE_LIMIT) widths.clear();
      context.font = font;
      width = context.measureText(text).width;
      widths.set(key, width);
    }
    return width;
  };
}
