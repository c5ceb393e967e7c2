/**
 * Checks that need more than one field: metric references, time zone, locale, number formats,
 * durations, thresholds and tile placement. They read the raw document defensively (it may be
 * structurally broken) so that one run reports every problem, not just the first.
 */
import { isValidTimeZone } from '../core/periods.js';
import { closest } from './closest.js';
import { MAX_DURATION_MS, parseDuration } from './duration.js';
import { pathText, type PathProblem } from './issues.js';
import type { PathSegment } from './positions.js';
import { LAYOUT_DEFAULTS } from './schema.js';

/** Tiles narrower or lower than this many pixels cannot show a value. */
export const MIN_TILE_PIXELS = 40;

type Dict = Record<string, unknown>;

const isDict = (value: unknown): value is Dict => value !== null && typeof value === 'object' && !Array.isArray(value);
const isCell = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;
const isSpan = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 1;

function unknownName(kind: 'metric' | 'KPI', name: string, known: readonly string[], section: string, path: PathSegment[]): PathProblem {
  const suggestion = closest(name, known);
  const hint = suggestion === null ? '' : `did you mean '${suggestion}'? `;
  const choices = known.length === 0 ? `${section} is empty` : `known: ${known.join(', ')}`;
  return { path, key: false, message: `unknown ${kind} '${name}' at ${pathText(path)}`, fix: `${hint}define it under ${section} or use one (${choices})` };
}

let zoneNames: readonly string[] | undefined;
function knownZones(): readonly string[] {
  zoneNames ??= typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zoneNames;
}

function checkScreen(screen: unknown, problems: PathProblem[]): string {
  let locale: string = LAYOUT_DEFAULTS.locale;
  if (!isDict(screen)) return locale;
  const zone = screen['timezone'];
  if (typeof zone === 'string' && !isValidTimeZone(zone)) {
    const suggestion = closest(zone, knownZones());
    const hint = suggestion === null ? '' : `did you mean '${suggestion}'? `;
    problems.push({ path: ['screen', 'timezone'], key: false, message: `unknown time zone '${zone}'`, fix: `${hint}use an IANA zone name such as Europe/Berlin or America/New_York` });
  }
  const wanted = screen['locale'];
  if (typeof wanted === 'string') {
    try {
      locale = Intl.getCanonicalLocales(wanted)[0] ?? locale;
    } catch {
      problems.push({ path: ['screen', 'locale'], key: false, message: `unknown locale '${wanted}'`, fix: 'use a BCP 47 tag such as en-US, de-DE or fr-CH' });
    }
  }
  checkDuration(screen['duration'], ['screen', 'duration'], problems);
  return locale;
}

function checkDuration(value: unknown, path: PathSegment[], problems: PathProblem[]): void {
  if (typeof value !== 'string') return;
  const ms = parseDuration(value);
  if (ms === null) return; // the schema reports the pattern
  if (ms <= 0 || ms > MAX_DURATION_MS) {
    problems.push({ path, key: false, message: `bad duration '${value}' at ${pathText(path)}: must be more than 0 and at most 366d`, fix: 'write a number and a unit: 30s, 15m, 2h or 1d' });
  }
}

function checkFormat(format: unknown, locale: string, path: PathSegment[], problems: PathProblem[]): void {
  if (!isDict(format)) return;
  try {
    new Intl.NumberFormat(locale, format as Intl.NumberFormatOptions).format(1234.5);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    problems.push({
      path,
      key: false,
      message: `bad number format at ${pathText(path)}: ${reason}`,
      fix: 'use Intl.NumberFormat options, e.g. { style: currency, currency: EUR } or { style: unit, unit: kilogram }',
    });
  }
}

function checkMetrics(metrics: unknown, locale: string, problems: PathProblem[]): string[] {
  if (!isDict(metrics)) return [];
  for (const [id, metric] of Object.entries(metrics)) {
    if (!isDict(metric)) continue;
    checkFormat(metric['format'], locale, ['metrics', id, 'format'], problems);
    checkDuration(metric['stale_after'], ['metrics', id, 'stale_after'], problems);
  }
  return Object.keys(metrics);
}

function checkKpis(kpis: unknown, metricIds: readonly string[], problems: PathProblem[]): string[] {
  if (!isDict(kpis)) return [];
  for (const [id, kpi] of Object.entries(kpis)) {
    if (!isDict(kpi)) continue;
    const metric = kpi['metric'];
    if (typeof metric === 'string' && metric !== '' && !metricIds.includes(metric)) {
      problems.push(unknownName('metric', metric, metricIds, 'metrics', ['kpis', id, 'metric']));
    }
    const drivers = kpi['drivers'];
    if (Array.isArray(drivers)) {
      drivers.forEach((driver: unknown, index) => {
        if (typeof driver === 'string' && driver !== '' && !metricIds.includes(driver)) {
          problems.push(unknownName('metric', driver, metricIds, 'metrics', ['kpis', id, 'drivers', index]));
        }
      });
    }
    checkDuration(kpi['stale_after'], ['kpis', id, 'stale_after'], problems);
    checkThresholds(kpi['thresholds'], ['kpis', id, 'thresholds'], problems);
  }
  return Object.keys(kpis);
}

function checkThresholds(thresholds: unknown, path: PathSegment[], problems: PathProblem[]): void {
  if (!isDict(thresholds)) return;
  const atRisk = typeof thresholds['at_risk'] === 'number' ? thresholds['at_risk'] : LAYOUT_DEFAULTS.atRisk;
  const onTrack = typeof thresholds['on_track'] === 'number' ? thresholds['on_track'] : LAYOUT_DEFAULTS.onTrack;
  const offTrack = thresholds['off_track'];
  if (atRisk > onTrack) {
    problems.push({ path: [...path, 'at_risk'], key: false, message: `at_risk (${atRisk}) is above on_track (${onTrack})`, fix: 'at_risk must be at most on_track (e.g. at_risk: 0.9, on_track: 1.0)' });
  }
  if (typeof offTrack === 'number' && offTrack > atRisk) {
    problems.push({ path: [...path, 'off_track'], key: false, message: `off_track (${offTrack}) is above at_risk (${atRisk})`, fix: 'off_track is every score below at_risk: give a value at most at_risk, or leave it out' });
  }
}

interface Placed {
  readonly index: number;
  readonly name: string;
  readonly column: number;
  readonly row: number;
  readonly columns: number;
  readonly rows: number;
}

function tileName(tile: Dict, index: number): string {
  const ref = typeof tile['kpi'] === 'string' ? `kpi ${tile['kpi']}` : typeof tile['metric'] === 'string' ? `metric ${tile['metric']}` : 'no content';
  return `tile ${index + 1} (${ref})`;
}

function gridSize(grid: unknown): { columns: number; rows: number; gap: number } {
  const dict = isDict(grid) ? grid : {};
  const columns = isSpan(dict['columns']) ? dict['columns'] : LAYOUT_DEFAULTS.columns;
  const rows = isSpan(dict['rows']) ? dict['rows'] : LAYOUT_DEFAULTS.rows;
  const gap = isCell(dict['gap']) ? dict['gap'] : LAYOUT_DEFAULTS.gap;
  return { columns, rows, gap };
}

function checkTileRefs(tile: Dict, index: number, metricIds: readonly string[], kpiIds: readonly string[], problems: PathProblem[]): void {
  const hasKpi = tile['kpi'] !== undefined;
  const hasMetric = tile['metric'] !== undefined;
  if (hasKpi === hasMetric) {
    const message = hasKpi ? `tile ${index + 1} has both kpi and metric` : `tile ${index + 1} has neither kpi nor metric`;
    problems.push({ path: ['tiles', index], key: false, message, fix: 'give exactly one: kpi: <id of kpis> or metric: <id of metrics>' });
  }
  const kpi = tile['kpi'];
  if (typeof kpi === 'string' && kpi !== '' && !kpiIds.includes(kpi)) problems.push(unknownName('KPI', kpi, kpiIds, 'kpis', ['tiles', index, 'kpi']));
  const metric = tile['metric'];
  if (typeof metric === 'string' && metric !== '' && !metricIds.includes(metric)) {
    problems.push(unknownName('metric', metric, metricIds, 'metrics', ['tiles', index, 'metric']));
  }
}

function checkTiles(root: Dict, metricIds: readonly string[], kpiIds: readonly string[], problems: PathProblem[]): void {
  const tiles = root['tiles'];
  if (!Array.isArray(tiles)) return;
  const grid = gridSize(root['grid']);
  const placed: Placed[] = [];
  tiles.forEach((tile: unknown, index) => {
    if (!isDict(tile)) return;
    checkTileRefs(tile, index, metricIds, kpiIds, problems);
    const at = tile['at'];
    const span = tile['span'] ?? [1, 1];
    if (!Array.isArray(at) || !Array.isArray(span) || !isCell(at[0]) || !isCell(at[1]) || !isSpan(span[0]) || !isSpan(span[1])) return;
    const box: Placed = { index, name: tileName(tile, index), column: at[0], row: at[1], columns: span[0], rows: span[1] };
    if (box.column + box.columns > grid.columns || box.row + box.rows > grid.rows) {
      problems.push({
        path: ['tiles', index, 'at'],
        key: false,
        message: `${box.name} at [${box.column}, ${box.row}] span [${box.columns}, ${box.rows}] reaches outside the ${grid.columns}x${grid.rows} grid`,
        fix: `keep column + span within ${grid.columns} and row + span within ${grid.rows}, or enlarge grid`,
      });
      return;
    }
    const other = placed.find((seen) => seen.column < box.column + box.columns && box.column < seen.column + seen.columns && seen.row < box.row + box.rows && box.row < seen.row + seen.rows);
    if (other !== undefined) {
      problems.push({
        path: ['tiles', index, 'at'],
        key: false,
        message: `${box.name} at [${box.column}, ${box.row}] overlaps ${other.name} at [${other.column}, ${other.row}] span [${other.columns}, ${other.rows}]`,
        fix: 'move or shrink one of the two tiles so they cover different cells',
      });
      return;
    }
    placed.push(box);
  });
}

function checkCellSize(root: Dict, problems: PathProblem[]): void {
  const screen = isDict(root['screen']) ? root['screen'] : {};
  const width = isSpan(screen['width']) ? screen['width'] : LAYOUT_DEFAULTS.width;
  const height = isSpan(screen['height']) ? screen['height'] : LAYOUT_DEFAULTS.height;
  const rotated = screen['rotate'] === 90 || screen['rotate'] === 270;
  const grid = gridSize(root['grid']);
  const cellWidth = ((rotated ? height : width) - grid.gap * (grid.columns + 1)) / grid.columns;
  const cellHeight = ((rotated ? width : height) - grid.gap * (grid.rows + 1)) / grid.rows;
  if (cellWidth < MIN_TILE_PIXELS || cellHeight < MIN_TILE_PIXELS) {
    problems.push({
      path: ['grid'],
      key: false,
      message: `grid cells would be ${Math.floor(cellWidth)}x${Math.floor(cellHeight)} px, smaller than ${MIN_TILE_PIXELS} px`,
      fix: 'use fewer columns or rows, a smaller gap, or a larger screen',
    });
  }
}

/** Every cross-field problem of a layout document (possibly structurally broken). */
export function checkLayout(root: unknown): PathProblem[] {
  const problems: PathProblem[] = [];
  if (!isDict(root)) return problems;
  const locale = checkScreen(root['screen'], problems);
  const metricIds = checkMetrics(root['metrics'], locale, problems);
  const kpiIds = checkKpis(root['kpis'], metricIds, problems);
  checkTiles(root, metricIds, kpiIds, problems);
  checkCellSize(root, problems);
  return problems;
}

/** Problems that do not stop a layout from loading: KPIs without a tile, a page without tiles. */
export function layoutWarnings(root: unknown): PathProblem[] {
  if (!isDict(root)) return [];
  const warnings: PathProblem[] = [];
  const tiles = Array.isArray(root['tiles']) ? root['tiles'] : [];
  if (tiles.length === 0) warnings.push({ path: [], key: false, message: 'the page has no tiles', fix: 'add tiles: - { kpi: <id>, at: [0, 0] }' });
  const shown = new Set(tiles.filter(isDict).map((tile) => tile['kpi']));
  for (const id of Object.keys(isDict(root['kpis']) ? root['kpis'] : {})) {
    if (!shown.has(id)) warnings.push({ path: ['kpis', id], key: true, message: `KPI '${id}' has no tile`, fix: `add a tile { kpi: ${id}, at: [c, r] } or remove it` });
  }
  return warnings;
}
