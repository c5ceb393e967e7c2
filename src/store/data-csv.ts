/**
 * CSV data files: long (`metric,time,value`, columns in any order) or wide (`time,<metric>,…`),
 * told apart by the header. A bad row is a warning with its line and is skipped.
 */
import { builderOf, MAX_HINTED_POINTS_PER_FILE, type ColumnBuilder, type ColumnBuilders } from './data-columns.js';
import { forEachCsvRow } from './csv.js';
import { parseValue, showCell, type WarningList } from './data-warnings.js';
import { parseTime, type ZoneClock } from './times.js';

type Points = ColumnBuilders;

/** Reads CSV text into column builders per metric (file order); problems go to `warnings`. Never throws. */
export function parseCsvData(text: string, clock: ZoneClock, warnings: WarningList): Points {
  const points: Points = new Map();
  let header: string[] | null = null;
  let visit: ((line: number, fields: string[]) => void) | null = null;
  forEachCsvRow(text, (line, fields) => {
    if (fields === null) {
      warnings.add(line, 'a quoted field is not closed; row skipped');
      return;
    }
    if (header === null) {
      header = fields.map((name) => name.trim());
      visit = readerFor(header, line, clock, points, warnings, text);
      return;
    }
    visit?.(line, fields);
  });
  return points;
}

/** Lines after the first: an upper bound of the rows, so the columns of a wide file never grow. */
function rowsAfterHeader(text: string): number {
  let lines = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  return lines;
}

function readerFor(header: string[], line: number, clock: ZoneClock, points: Points, warnings: WarningList, text: string): ((line: number, fields: string[]) => void) | null {
  const lower = header.map((name) => name.toLowerCase());
  const metricColumn = lower.indexOf('metric');
  const timeColumn = lower.indexOf('time');
  const valueColumn = lower.indexOf('value');
  if (metricColumn !== -1 && timeColumn !== -1 && valueColumn !== -1) return longReader(metricColumn, timeColumn, valueColumn, clock, points, warnings);
  if (timeColumn !== -1 && metricColumn === -1 && header.length >= 2) {
    // Room for every row in each column, within one budget for the file (sparse columns grow instead).
    const rows = Math.min(rowsAfterHeader(text), Math.floor(MAX_HINTED_POINTS_PER_FILE / (header.length - 1)));
    const columns = header.map((name, index) => (index === timeColumn || name === '' ? null : builderOf(points, name, rows)));
    return wideReader(timeColumn, columns, header, clock, warnings);
  }
  warnings.add(line, `unknown CSV header ${showCell(header.join(','))}: write metric,time,value (long) or time,<metric>,<metric>… (wide); file skipped`);
  return null;
}

function longReader(metricColumn: number, timeColumn: number, valueColumn: number, clock: ZoneClock, points: Points, warnings: WarningList) {
  let lastMetric = '';
  let lastList: ColumnBuilder | null = null;
  return (line: number, fields: string[]): void => {
    const metric = fields[metricColumn]?.trim() ?? '';
    const timeCell = fields[timeColumn];
    const valueCell = fields[valueColumn];
    if (metric === '' || timeCell === undefined || valueCell === undefined) {
      warnings.add(line, `expected metric,time,value, got ${fields.length} field(s); row skipped`);
      return;
    }
    const t = parseTime(timeCell, clock);
    if (t === null) {
      warnings.add(line, `bad time ${showCell(timeCell)}: use ISO 8601 (2026-12-03T10:00:00Z) or epoch milliseconds; row skipped`);
      return;
    }
    const v = parseValue(valueCell);
    if (v === undefined) {
      warnings.add(line, `bad value ${showCell(valueCell)} for ${metric}: use a number (or null for a gap); row skipped`);
      return;
    }
    if (metric !== lastMetric || lastList === null) {
      lastMetric = metric;
      lastList = builderOf(points, metric);
    }
    lastList.push(t, v);
  };
}

function wideReader(timeColumn: number, columns: (ColumnBuilder | null)[], header: string[], clock: ZoneClock, warnings: WarningList) {
  return (line: number, fields: string[]): void => {
    const timeCell = fields[timeColumn] ?? '';
    const t = parseTime(timeCell, clock);
    if (t === null) {
      warnings.add(line, `bad time ${showCell(timeCell)}: use ISO 8601 (2026-12-03T10:00:00Z) or epoch milliseconds; row skipped`);
      return;
    }
    if (fields.length > columns.length) warnings.add(line, `${fields.length} fields but the header has ${columns.length}; extra fields ignored`);
    for (let index = 0; index < columns.length; index += 1) {
      const list = columns[index];
      const cell = fields[index];
      if (list === null || list === undefined || cell === undefined || cell === '') continue; // empty cell: no point
      const v = parseValue(cell);
      if (v === undefined) warnings.add(line, `bad value ${showCell(cell)} for ${header[index] ?? '?'}: use a number (or null for a gap); cell skipped`);
      else list.push(t, v);
    }
  };
}
