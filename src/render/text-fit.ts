/**
 * Pure text fitting: the largest font size that fills a box, and ellipsis for what is too long.
 * The width of a text comes from a `Measure` function (a canvas in production, anything in tests).
 */

/** Width in pixels of `text` at `sizePx` in our family (bold or regular). */
export type Measure = (text: string, sizePx: number, bold: boolean) => number;

/** A line box is this many times the font size: DejaVu's ascent + descent is 1.164 em. */
export const LINE_HEIGHT = 1.2;
/** Below this size text is not drawn at all: an unreadable word is worse than none. */
export const MIN_FONT_PX = 7;

/**
 * The largest size ≤ `maxSize` at which `text` fits `maxWidth` and a line fits `maxHeight`,
 * or 0 when even MIN_FONT_PX does not fit. This runs in a few measurements (scale, then verify).
 */
export function fitFontSize(measure: Measure, text: string, maxWidth: number, maxHeight: number, maxSize: number, bold: boolean): number {
  let size = Math.min(maxSize, maxHeight / LINE_HEIGHT);
  if (!(size >= MIN_FONT_PX) || maxWidth <= 0) return 0;
  const reference = 100;
  const widthAtReference = measure(text, reference, bold);
  if (widthAtReference > 0) size = Math.min(size, (maxWidth / widthAtReference) * reference);
  size = Math.floor(size);
  for (let attempt = 0; attempt < 8 && size >= MIN_FONT_PX; attempt++) {
    if (measure(text, size, bold) <= maxWidth) return size;
    size = Math.floor(size * 0.95);
  }
  return size >= MIN_FONT_PX && measure(text, size, bold) <= maxWidth ? size : 0;
}

/** `text` cut with "…" so it fits `maxWidth` at `sizePx`; '' when not even "…" fits. Binary search, O(log n) measurements. */
export function ellipsize(measure: Measure, text: string, sizePx: number, maxWidth: number, bold: boolean): string {
  if (measure(text, sizePx, bold) <= maxWidth) return text;
  const characters = Array.from(text);
  let low = 0;
  let high = characters.length - 1;
  let best = '';
  while (low <= high) {
    const middle = (low + high) >> 1;
    const candidate = `${characters.slice(0, middle).join('').trimEnd()}…`;
    if (measure(candidate, sizePx, bold) <= maxWidth) {
      best = candidate;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return best;
}
