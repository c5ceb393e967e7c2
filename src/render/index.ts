/**
 * The painter's public face. `new Painter({ width, height, theme, locale, timeZone })`, then
 * `painter.paint(layout, page, { lastUpdate, notice }) → Rect[]` (dirty rectangles, logical
 * coordinates) and `painter.canvas` for a sink; `painter.invalidate()` forces a full repaint.
 */
export { Painter, type PainterOptions, type PaintStatus } from './painter.js';
export type { Rect } from './geometry.js';
export { registerFonts, FONT_FAMILY } from './fonts.js';
