/**
 * The Painter keeps the page canvas and repaints only what changed since its last call: a tile
 * whose drawn model (tile-model.ts: strings, positions and colours in pixels) changed, the header
 * when the clock or notice changed, everything when the layout or size changed. It returns the
 * dirty rectangles for the sink to copy. Raw numbers that move with `now` (pace, elapsed) repaint
 * nothing until they move something on screen.
 *
 * Exports: `Painter` (constructor options, `paint(layout, page, status) → Rect[]`, `canvas`,
 * `tileRects()`), `PaintStatus`. Locale, zone and theme come from the layout's `screen`;
 * the constructor's are used when a layout leaves them empty.
 */
import { createCanvas, type Canvas, type CanvasRenderingContext2D } from 'canvas';
import type { Layout, PageEval, Theme, TileEval } from '../layout/types.js';
import { tileContent } from './content.js';
import { drawTile } from './draw-tile.js';
import { registerFonts } from './fonts.js';
import { formatClock } from './format.js';
import { pageGeometry, tileRect, type PageGeometry, type Rect } from './geometry.js';
import { drawHeader, layoutHeader } from './header.js';
import { canvasMeasure } from './measure.js';
import type { Measure } from './text-fit.js';
import { paletteOf } from './theme.js';
import { layoutTile, type TileLayout } from './tile-layout.js';
import { tileModel } from './tile-model.js';

export type { Rect } from './geometry.js';

export interface PainterOptions {
  readonly width: number;
  readonly height: number;
  readonly theme: Theme;
  readonly locale: string;
  readonly timeZone: string;
}

/** What the daemon knows beyond the page: when data last arrived, and a notice for the header. */
export interface PaintStatus {
  readonly lastUpdate: number | null;
  readonly notice: string | null;
}

export class Painter {
  readonly canvas: Canvas;
  private readonly context: CanvasRenderingContext2D;
  private readonly options: PainterOptions;
  private readonly measure: Measure;
  private layoutKey: string | null = null;
  private lastLayout: Layout | null = null;
  private geometry: PageGeometry | null = null;
  private headerKey: string | null = null;
  /** Per tile, the JSON of the model last drawn. */
  private tileKeys: string[] = [];
  /** Per tile, the evaluation last drawn (a frame that re-evaluated only some tiles keeps the others' objects). */
  private tileEvals: TileEval[] = [];
  /** Per tile, its layout and the content it was laid out for (text measuring is the costly part). */
  private tileLayouts: { readonly contentKey: string; readonly layout: TileLayout }[] = [];

  /** Creates the page canvas (fonts are registered first). */
  constructor(options: PainterOptions) {
    registerFonts();
    this.options = options;
    this.canvas = createCanvas(Math.max(1, Math.round(options.width)), Math.max(1, Math.round(options.height)));
    const context = this.canvas.getContext('2d');
    context.patternQuality = 'good';
    context.antialias = 'gray';
    // cairo's glyph cache instead of text-as-path: ~10x faster, same look for unrotated text
    context.textDrawingMode = 'glyph';
    this.context = context;
    this.measure = canvasMeasure(context);
  }

  /** Paints what changed since the last call; returns the dirty rectangles (logical coordinates). */
  paint(layout: Layout, page: PageEval, status: PaintStatus): Rect[] {
    const locale = layout.screen.locale || this.options.locale;
    const timeZone = layout.screen.timezone || this.options.timeZone;
    const palette = paletteOf(layout.screen.theme ?? this.options.theme);
    const key = layout === this.lastLayout && this.layoutKey !== null ? this.layoutKey : layoutKeyOf(layout);
    const full = key !== this.layoutKey || this.geometry === null;
    if (full) {
      this.layoutKey = key;
      this.geometry = pageGeometry(this.canvas.width, this.canvas.height, layout.grid, layout.screen);
      this.headerKey = null;
      this.tileKeys = [];
      this.tileLayouts = [];
      this.tileEvals = [];
      this.context.fillStyle = palette.page;
      this.context.fillRect(0, 0, this.canvas.width, this.canvas.height);
    }
    this.lastLayout = layout;
    const geometry = this.geometry as PageGeometry;
    const dirty: Rect[] = [];

    const header = {
      title: layout.title,
      clock: formatClock(page.now, locale, timeZone),
      updated: status.lastUpdate === null ? null : `updated ${formatClock(status.lastUpdate, locale, timeZone)}`,
      notice: status.notice,
    };
    const headerKey = JSON.stringify(header);
    if (headerKey !== this.headerKey) {
      this.headerKey = headerKey;
      drawHeader(this.context, palette, geometry.header, layoutHeader(geometry.header, header, this.measure, geometry.gap));
      dirty.push(geometry.header);
    }

    const context = { locale, timeZone, now: page.now };
    page.tiles.forEach((tile, index) => {
      // The very tile evaluation drawn last time draws the same (only a stale notice reads the clock).
      if (tile === this.tileEvals[index] && !tile.view.stale) return;
      this.tileEvals[index] = tile;
      const content = tileContent(layout, tile, context);
      const rect = tileRect(geometry, tile.tile);
      const contentKey = JSON.stringify(content);
      let placed = this.tileLayouts[index];
      if (placed === undefined || placed.contentKey !== contentKey) {
        placed = { contentKey, layout: layoutTile(rect, content, this.measure) };
        this.tileLayouts[index] = placed;
      }
      const kpi = tile.kind === 'kpi' ? { view: tile.view, spec: layout.kpis[tile.tile.ref] } : null;
      const model = tileModel(rect, placed.layout, content, tile.view.stale, kpi, tile.view.spark.norm);
      // What is drawn decides: a pace marker that moved less than a pixel is no repaint.
      const tileKey = JSON.stringify(model);
      if (tileKey === this.tileKeys[index]) return;
      this.tileKeys[index] = tileKey;
      drawTile(this.context, palette, model);
      dirty.push(rect);
    });
    return full ? [{ x: 0, y: 0, width: this.canvas.width, height: this.canvas.height }] : dirty;
  }

  /** The rectangle of every tile of a layout on this canvas, in layout order. */
  tileRects(layout: Layout): Rect[] {
    const geometry = pageGeometry(this.canvas.width, this.canvas.height, layout.grid, layout.screen);
    return layout.tiles.map((tile) => tileRect(geometry, tile));
  }

  /** Forgets what was painted, so the next paint redraws everything (after a sink reopen, say). */
  invalidate(): void {
    this.layoutKey = null;
  }
}

/** What of a layout decides where things go; a layout re-read with no change keeps its tiles. */
function layoutKeyOf(layout: Layout): string {
  return JSON.stringify([layout.title, layout.screen, layout.grid, layout.metrics, layout.kpis, layout.tiles]);
}
