/**
 * Pure tile layout: which parts of a tile fit, where they go and at what font size, given the
 * tile's rectangle and its strings. Parts are dropped by priority when the tile is small, text is
 * sized to fill and ellipsised, so nothing leaves the tile at any grid size or resolution.
 */
import type { Status } from '../core/types.js';
import { clamp, inset, type Rect } from './geometry.js';
import { ellipsize, fitFontSize, LINE_HEIGHT, MIN_FONT_PX, type Measure } from './text-fit.js';

/** What a tile says, already formatted (format.ts); null parts are not shown. */
export interface TileContent {
  readonly label: string;
  readonly value: string;
  /** The value in compact notation, used when the full value would be too small to read. */
  readonly valueCompact: string;
  /** KPI tiles only. */
  readonly status: Status | null;
  readonly statusWord: string;
  readonly change: { readonly text: string; readonly favorable: boolean | null } | null;
  readonly trend: { readonly text: string; readonly improving: boolean | null } | null;
  /** Whether to draw the bullet graph (KPI with a target). */
  readonly bullet: boolean;
  readonly bulletLegend: string | null;
  readonly spark: boolean;
  readonly cause: string | null;
  readonly stale: string | null;
}

export type TextRole = 'label' | 'value' | 'status' | 'change' | 'trend' | 'legend' | 'cause' | 'stale';

/** One line of text: drawn with textBaseline 'middle' at (x, y), left or right aligned. */
export interface TextItem {
  readonly role: TextRole;
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly size: number;
  readonly bold: boolean;
  readonly align: 'left' | 'right';
  /** The measured width at `size`. */
  readonly width: number;
}

export interface TileLayout {
  readonly padding: number;
  readonly items: readonly TextItem[];
  /** The status shape's square box (left of the status word), or null. */
  readonly badge: Rect | null;
  /** Bullet graph parts: the pace-marker strip above the bar, and the bar. */
  readonly bullet: { readonly marker: Rect; readonly bar: Rect } | null;
  readonly spark: Rect | null;
}

/** Tile padding as a share of its shorter side, and its bounds in pixels. */
export const PADDING_SHARE = 0.07;
export const PADDING_MIN_PX = 3;
export const PADDING_MAX_PX = 36;
/** The value is the largest text; every other line is at most this share of its size. */
export const SECONDARY_SHARE = 0.42;
/** Below this share of its row height a full value is swapped for its compact form ("1.2M"). */
export const COMPACT_BELOW = 0.6;
/** A line of text shrinks to fit down to this share of its row's size before it is ellipsised. */
export const SHRINK_LIMIT = 0.7;

/** A tile this many times wider than tall puts its graphics beside the value. */
export const WIDE_ASPECT = 2.4;
/** The value column's share of a wide tile. */
export const WIDE_LEFT_SHARE = 0.42;

type SectionName = 'head' | 'value' | 'change' | 'bullet' | 'spark' | 'cause' | 'stale';

interface Section {
  readonly name: SectionName;
  readonly weight: number;
  readonly minHeight: number;
  /** Lower is kept first when space runs out. */
  readonly priority: number;
}

/** Display order top to bottom; weights share the height, priorities decide what is dropped. */
const SECTIONS: readonly Section[] = [
  { name: 'head', weight: 1, minHeight: 9, priority: 1 },
  { name: 'value', weight: 3.2, minHeight: 14, priority: 0 },
  { name: 'change', weight: 0.8, minHeight: 9, priority: 4 },
  { name: 'bullet', weight: 1.3, minHeight: 12, priority: 5 },
  { name: 'spark', weight: 1.6, minHeight: 12, priority: 6 },
  { name: 'cause', weight: 0.8, minHeight: 9, priority: 3 },
  { name: 'stale', weight: 0.8, minHeight: 9, priority: 2 },
];

/** Sections that go in the right column of a wide tile. */
const RIGHT_COLUMN: ReadonlySet<string> = new Set(['bullet', 'spark', 'cause', 'stale']);

/** Lays out a tile; `measure` gives text widths. Pure: same input, same layout. */
export function layoutTile(rect: Rect, content: TileContent, measure: Measure): TileLayout {
  const padding = Math.round(clamp(Math.min(rect.width, rect.height) * PADDING_SHARE, PADDING_MIN_PX, PADDING_MAX_PX));
  const inner = inset(rect, padding);
  const wanted = SECTIONS.filter((section) => isWanted(section.name, content));
  const spacing = Math.round(padding * 0.35);
  const rows = new Map<SectionName, Rect>();
  const graphic = wanted.filter((section) => RIGHT_COLUMN.has(section.name));
  if (inner.width >= inner.height * WIDE_ASPECT && graphic.some((section) => section.name === 'bullet' || section.name === 'spark')) {
    // A wide tile: the label across the top, the number on the left, the graphics beside it.
    const headHeight = Math.round(clamp(inner.height * 0.2, 9, inner.height / 3));
    const head = wanted.filter((section) => section.name === 'head');
    stackSections(head, { x: inner.x, y: inner.y, width: inner.width, height: headHeight }, spacing, rows);
    const body = { x: inner.x, y: inner.y + headHeight + spacing, width: inner.width, height: inner.height - headHeight - spacing };
    const leftWidth = Math.round(body.width * WIDE_LEFT_SHARE);
    const column = padding;
    stackSections(wanted.filter((section) => section.name === 'value' || section.name === 'change'), { ...body, width: leftWidth - column }, spacing, rows);
    stackSections(graphic, { ...body, x: body.x + leftWidth, width: body.width - leftWidth }, spacing, rows);
  } else {
    stackSections(wanted, inner, spacing, rows);
  }

  const items: TextItem[] = [];
  let badge: Rect | null = null;
  let bullet: TileLayout['bullet'] = null;
  let spark: Rect | null = null;

  const valueRow = rows.get('value');
  let valueSize = 0;
  if (valueRow !== undefined) {
    let text = content.value;
    valueSize = fitFontSize(measure, text, valueRow.width, valueRow.height, Number.POSITIVE_INFINITY, true);
    if (valueSize < valueRow.height * COMPACT_BELOW && content.valueCompact !== content.value) {
      const compactSize = fitFontSize(measure, content.valueCompact, valueRow.width, valueRow.height, Number.POSITIVE_INFINITY, true);
      if (compactSize > valueSize) {
        text = content.valueCompact;
        valueSize = compactSize;
      }
    }
    if (valueSize === 0) {
      text = ellipsize(measure, text, MIN_FONT_PX, valueRow.width, true);
      valueSize = text === '' ? 0 : MIN_FONT_PX;
    }
    if (valueSize > 0) items.push(textItem('value', text, valueRow, valueSize, true, 'left', measure));
  }
  const secondaryMax = Math.max(MIN_FONT_PX, valueSize * SECONDARY_SHARE);

  const head = rows.get('head');
  if (head !== undefined) {
    const rowSize = lineSize(head, secondaryMax);
    const badgeShare = content.status === null ? 0 : measure(content.statusWord, rowSize, true) + rowSize * 1.7;
    const size = shrinkToFit(rowSize, measure(content.label, rowSize, false) + badgeShare, head.width);
    if (size >= MIN_FONT_PX) {
      let labelRight = head.x + head.width;
      if (content.status !== null) {
        const shapeSize = Math.round(size * 0.85);
        const gapPx = Math.round(size * 0.35);
        const wordWidth = measure(content.statusWord, size, true);
        const showWord = wordWidth + shapeSize + gapPx <= head.width * 0.5;
        const badgeWidth = shapeSize + (showWord ? gapPx + wordWidth : 0);
        const badgeLeft = head.x + head.width - badgeWidth;
        badge = { x: badgeLeft, y: Math.round(head.y + (head.height - shapeSize) / 2), width: shapeSize, height: shapeSize };
        if (showWord) items.push({ role: 'status', text: content.statusWord, x: head.x + head.width, y: middle(head), size, bold: true, align: 'right', width: wordWidth });
        labelRight = badgeLeft - gapPx * 1.5;
      }
      const labelRow = { ...head, width: Math.max(0, labelRight - head.x) };
      const label = ellipsize(measure, content.label, size, labelRow.width, false);
      if (label !== '') items.push(textItem('label', label, labelRow, size, false, 'left', measure));
    }
  }

  const changeRow = rows.get('change');
  if (changeRow !== undefined) {
    const rowSize = lineSize(changeRow, secondaryMax);
    const both = (content.change === null ? 0 : measure(content.change.text, rowSize, true)) + (content.trend === null ? 0 : measure(content.trend.text, rowSize, true) + rowSize);
    const size = shrinkToFit(rowSize, both, changeRow.width);
    if (size >= MIN_FONT_PX) {
      const gapPx = size;
      let trendWidth = 0;
      if (content.trend !== null) {
        const trendText = content.change === null ? ellipsize(measure, content.trend.text, size, changeRow.width, true) : content.trend.text;
        trendWidth = measure(trendText, size, true);
        const changeWidth = content.change === null ? 0 : measure(content.change.text, size, true);
        const fits = trendWidth + (content.change === null ? 0 : gapPx + changeWidth) <= changeRow.width;
        if (fits && trendText !== '') {
          items.push({ role: 'trend', text: trendText, x: changeRow.x + changeRow.width, y: middle(changeRow), size, bold: true, align: 'right', width: trendWidth });
        } else {
          trendWidth = 0;
        }
      }
      if (content.change !== null) {
        const room = changeRow.width - (trendWidth > 0 ? trendWidth + gapPx : 0);
        const text = ellipsize(measure, content.change.text, size, room, true);
        if (text !== '') items.push(textItem('change', text, { ...changeRow, width: room }, size, true, 'left', measure));
      }
    }
  }

  const bulletRow = rows.get('bullet');
  if (bulletRow !== undefined) {
    const legendHeight = content.bulletLegend !== null && bulletRow.height >= 26 ? Math.round(bulletRow.height * 0.42) : 0;
    const graphHeight = bulletRow.height - legendHeight;
    const markerHeight = Math.max(3, Math.round(graphHeight * 0.28));
    bullet = {
      marker: { x: bulletRow.x, y: bulletRow.y, width: bulletRow.width, height: markerHeight },
      bar: { x: bulletRow.x, y: bulletRow.y + markerHeight, width: bulletRow.width, height: Math.max(1, graphHeight - markerHeight - Math.round(graphHeight * 0.08)) },
    };
    if (legendHeight > 0 && content.bulletLegend !== null) {
      const legendRow = { x: bulletRow.x, y: bulletRow.y + graphHeight, width: bulletRow.width, height: legendHeight };
      const size = lineSize(legendRow, secondaryMax * 0.85);
      const text = size >= MIN_FONT_PX ? ellipsize(measure, content.bulletLegend, size, legendRow.width, false) : '';
      if (text !== '') items.push(textItem('legend', text, legendRow, size, false, 'left', measure));
    }
  }

  spark = rows.get('spark') ?? null;

  for (const [name, role] of [
    ['cause', 'cause'],
    ['stale', 'stale'],
  ] as const) {
    const row = rows.get(name);
    const text = name === 'cause' ? content.cause : content.stale;
    if (row === undefined || text === null) continue;
    const rowSize = lineSize(row, secondaryMax);
    const size = shrinkToFit(rowSize, measure(text, rowSize, true), row.width);
    const fitted = size >= MIN_FONT_PX ? ellipsize(measure, text, size, row.width, true) : '';
    if (fitted !== '') items.push(textItem(role, fitted, row, size, true, 'left', measure));
  }

  return { padding, items, badge, bullet, spark };
}

/** Stacks sections top to bottom in `box`, dropping the least important when they do not fit. */
function stackSections(wanted: readonly Section[], box: Rect, spacing: number, rows: Map<SectionName, Rect>): void {
  const kept = chooseSections(wanted, box.height, spacing);
  const heights = shareHeights(kept, box.height, spacing);
  let y = box.y;
  kept.forEach((section, index) => {
    const height = heights[index] ?? 0;
    rows.set(section.name, { x: box.x, y, width: box.width, height });
    y += height + spacing;
  });
}

/** Whether the content has anything for a section. */
function isWanted(name: SectionName, content: TileContent): boolean {
  switch (name) {
    case 'head':
    case 'value':
      return true;
    case 'change':
      return content.change !== null || content.trend !== null;
    case 'bullet':
      return content.bullet;
    case 'spark':
      return content.spark;
    case 'cause':
      return content.cause !== null;
    case 'stale':
      return content.stale !== null;
  }
}

/** Keeps sections by priority while their minimum heights fit; returns them in display order. */
function chooseSections(wanted: readonly Section[], height: number, spacing: number): Section[] {
  const byPriority = [...wanted].sort((a, b) => a.priority - b.priority);
  const kept = new Set<Section>();
  let used = 0;
  for (const section of byPriority) {
    const extra = section.minHeight + (kept.size > 0 ? spacing : 0);
    if (used + extra > height) continue;
    kept.add(section);
    used += extra;
  }
  return wanted.filter((section) => kept.has(section));
}

/** Splits the height by weight, every section getting at least its minimum; whole pixels. */
function shareHeights(kept: readonly Section[], height: number, spacing: number): number[] {
  const free = height - spacing * Math.max(0, kept.length - 1);
  const totalWeight = kept.reduce((sum, section) => sum + section.weight, 0);
  const minimumSum = kept.reduce((sum, section) => sum + section.minHeight, 0);
  const extra = Math.max(0, free - minimumSum);
  const heights = kept.map((section) => Math.floor(section.minHeight + (extra * section.weight) / Math.max(totalWeight, 1e-9)));
  return heights;
}

/** The font size for a one-line row, capped below the value's size. */
function lineSize(row: Rect, maxSize: number): number {
  return Math.floor(Math.min(row.height / LINE_HEIGHT, maxSize));
}

/** Shrinks a row's font so `width` (measured at `size`) fits `room`, but not below SHRINK_LIMIT of it. */
function shrinkToFit(size: number, width: number, room: number): number {
  if (width <= room || width <= 0 || size < MIN_FONT_PX) return size;
  return Math.max(MIN_FONT_PX, Math.floor(Math.max(size * SHRINK_LIMIT, (size * room) / width)));
}

/** The vertical middle of a row. */
function middle(row: Rect): number {
  return row.y + row.height / 2;
}

/** A left-aligned text item vertically centred in its row. */
function textItem(role: TextRole, text: string, row: Rect, size: number, bold: boolean, align: 'left' | 'right', measure: Measure): TextItem {
  return { role, text, x: align === 'left' ? row.x : row.x + row.width, y: middle(row), size, bold, align, width: measure(text, size, bold) };
}
