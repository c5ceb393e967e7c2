/**
 * JSON data files: `{"metric": "…", "points": [[t, v], …]}` or `{"points": [{"metric", "t", "v"}, …]}`.
 * A bad point is a warning naming its path (`points[17]`) and line, and is skipped.
 */
import { builderOf, type ColumnBuilders } from './data-columns.js';
import { parseValue, showCell, type WarningList } from './data-warnings.js';
import { parseTime, type ZoneClock } from './times.js';

type Points = ColumnBuilders;

/** 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) line += 1;
  return line;
}

/**
 * Character offsets of the elements of the top-level object's `points` array, found by a scan that
 * tracks strings and nesting (JSON.parse gives no positions). Only run when there is a warning.
 */
export function pointOffsets(text: string): number[] {
  const offsets: number[] = [];
  let depth = 0;
  let lastKey = '';
  let inPoints = false;
  let expectElement = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === ' ' || char === '\n' || char === '\r' || char === '\t') continue;
    if (inPoints && depth === 2 && expectElement && char !== ']') {
      offsets.push(index);
      expectElement = false;
    }
    if (char === '"') {
      const start = index;
      for (index += 1; index < text.length && text[index] !== '"'; index += 1) if (text[index] === '\\') index += 1;
      if (depth === 1) lastKey = text.slice(start + 1, index);
      continue;
    }
    if (char === '{' || char === '[') {
      depth += 1;
      if (depth === 2 && char === '[' && lastKey === 'points') {
        inPoints = true;
        expectElement = true;
      }
    } else if (char === '}' || char === ']') {
      depth -= 1;
      if (depth < 2) inPoints = false;
    } else if (char === ',' && inPoints && depth === 2) expectElement = true;
  }
  return offsets;
}

/** The position in a JSON.parse error message ("at position 42"), or null. */
function errorOffset(message: string): number | null {
  const match = /position (\d+)/.exec(message);
  return match === null ? null : Number(match[1]);
}

/** Reads JSON data text into column builders per metric (file order); problems go to `warnings`. Never throws. */
export function parseJsonData(text: string, clock: ZoneClock, warnings: WarningList): Points {
  const points: Points = new Map();
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = errorOffset(message);
    warnings.add(offset === null ? 1 : lineAt(text, offset), `not valid JSON (${message}); file skipped`);
    return points;
  }
  const root = document as Record<string, unknown> | null;
  if (root === null || typeof root !== 'object' || Array.isArray(root) || !Array.isArray(root['points'])) {
    warnings.add(1, 'expected {"metric": "…", "points": [[time, value], …]} or {"points": [{"metric": "…", "t": …, "v": …}, …]}; file skipped');
    return points;
  }
  const fileMetric = root['metric'];
  if (fileMetric !== undefined && (typeof fileMetric !== 'string' || fileMetric === '')) {
    warnings.add(1, `"metric" must be a metric name, not ${showCell(fileMetric)}; file skipped`);
    return points;
  }
  const bad: { index: number; message: string }[] = [];
  // A one-metric file: its column gets room for every point up front.
  if (typeof fileMetric === 'string') builderOf(points, fileMetric, root['points'].length);
  root['points'].forEach((point: unknown, index) => {
    const problem = readPoint(point, typeof fileMetric === 'string' ? fileMetric : null, clock, points);
    if (problem !== null) bad.push({ index, message: problem });
  });
  if (bad.length > 0) {
    const offsets = pointOffsets(text);
    // `bad` is in index order and offsets ascend with the index: one forward scan counts the lines
    // (lineAt per point would rescan the file for each of possibly millions of bad points).
    let line = 1;
    let next = text.indexOf('\n');
    for (const { index, message } of bad) {
      const offset = offsets[index];
      if (offset === undefined) {
        warnings.add(1, `points[${index}]: ${message}; point skipped`);
        continue;
      }
      for (; next !== -1 && next < offset; next = text.indexOf('\n', next + 1)) line += 1;
      warnings.add(line, `points[${index}]: ${message}; point skipped`);
    }
  }
  return points;
}

function readPoint(point: unknown, fileMetric: string | null, clock: ZoneClock, points: Points): string | null {
  let metric: unknown;
  let timeCell: unknown;
  let valueCell: unknown;
  if (Array.isArray(point) && fileMetric !== null) {
    if (point.length !== 2) return `expected [time, value], got a list of ${point.length}`;
    [timeCell, valueCell] = point;
    metric = fileMetric;
  } else if (point !== null && typeof point === 'object' && !Array.isArray(point)) {
    const record = point as Record<string, unknown>;
    metric = record['metric'] ?? fileMetric;
    timeCell = record['t'] ?? record['time'];
    valueCell = 'v' in record ? record['v'] : record['value'];
  } else {
    return fileMetric === null ? `expected {"metric": "…", "t": …, "v": …}, got ${showCell(point)}` : `expected [time, value], got ${showCell(point)}`;
  }
  if (typeof metric !== 'string' || metric === '') return `no metric name (give "metric")`;
  const t = parseTime(timeCell, clock);
  if (t === null) return `bad time ${showCell(timeCell)}: use ISO 8601 (2026-12-03T10:00:00Z) or epoch milliseconds`;
  const v = parseValue(valueCell);
  if (v === undefined) return `bad value ${showCell(valueCell)}: use a number (or null for a gap)`;
  builderOf(points, metric).push(t, v);
  return null;
}
