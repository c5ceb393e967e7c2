/**
 * Data files (`data/*.csv`, `data/*.json`) into raw points per metric, as columns (times and
 * values in Float64Arrays, NaN = gap), with a warning per bad row (file:line) that never stops the
 * rest of the file. Results are per file, so a changed file can replace exactly its points.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { PointColumns } from '../core/clean-columns.js';
import type { RawPoint } from '../core/types.js';
import { concatColumns, finishColumns, type ColumnBuilders } from './data-columns.js';
import { parseCsvData } from './data-csv.js';
import { parseJsonData } from './data-json.js';
import { WarningList, type DataFileWarning } from './data-warnings.js';
import { ZoneClock } from './times.js';

export type { DataFileWarning } from './data-warnings.js';
export { MAX_WARNINGS_PER_FILE } from './data-warnings.js';
export type { PointColumns } from '../core/clean-columns.js';

/** Data files larger than this are skipped with a warning (a year of one-minute data for six metrics is ~40 MB). */
export const MAX_DATA_FILE_BYTES = 400_000_000;

/** One data file's points per metric as columns (in file order, not yet cleaned) and its warnings. */
export interface ParsedDataFile {
  readonly file: string;
  readonly columns: Map<string, PointColumns>;
  readonly warnings: DataFileWarning[];
}

/** Whether a directory entry is a data file: `.csv`/`.json`, not a dotfile (rsync's `.name.XXXXXX` temp files). */
export function isDataFileName(name: string): boolean {
  if (name.startsWith('.') || name.endsWith('~')) return false;
  const extension = extname(name).toLowerCase();
  return extension === '.csv' || extension === '.json';
}

function looksLikeJson(text: string, file: string): boolean {
  if (extname(file).toLowerCase() === '.json') return true;
  if (extname(file).toLowerCase() === '.csv') return false;
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}

/**
 * Parses the text of one data file (CSV long or wide, or one of the two JSON shapes; chosen by the
 * extension, else by content). Times without an offset are read in `timeZone`. Never throws.
 */
export function parseDataText(text: string, file: string, timeZone: string): { columns: Map<string, PointColumns>; warnings: DataFileWarning[] } {
  const warnings = new WarningList(file);
  let points: ColumnBuilders = new Map();
  try {
    if (text.includes('\u0000')) warnings.add(1, 'this is not a text file; file skipped');
    else if (text.trim() === '') warnings.add(1, 'the file is empty');
    else {
      const clock = new ZoneClock(timeZone);
      points = looksLikeJson(text, file) ? parseJsonData(text, clock, warnings) : parseCsvData(text, clock, warnings);
    }
  } catch (error) {
    warnings.add(1, `cannot read the file: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { columns: finishColumns(points), warnings: warnings.done() };
}

/** Reads and parses one data file; an unreadable file is one warning, never a throw. */
export async function loadDataFile(path: string, timeZone: string): Promise<ParsedDataFile> {
  try {
    const info = await stat(path);
    if (info.size > MAX_DATA_FILE_BYTES) {
      return { file: path, columns: new Map(), warnings: [{ file: path, line: 0, message: `larger than ${MAX_DATA_FILE_BYTES} bytes; file skipped (split it)` }] };
    }
    return { file: path, ...parseDataText(await readFile(path, 'utf8'), path, timeZone) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { file: path, columns: new Map(), warnings: [{ file: path, line: 0, message: `cannot read the file: ${reason}` }] };
  }
}

/**
 * Every data file of a directory (`*.csv`, `*.json`; dotfiles and rsync temp files skipped), in
 * name order, keyed by path. A missing directory is one entry carrying a warning.
 */
export async function loadDataDir(dir: string, timeZone: string): Promise<Map<string, ParsedDataFile>> {
  const files = new Map<string, ParsedDataFile>();
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isFile() && isDataFileName(entry.name)).map((entry) => entry.name);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    files.set(dir, { file: dir, columns: new Map(), warnings: [{ file: dir, line: 0, message: `cannot read the data directory: ${reason}` }] });
    return files;
  }
  for (const name of names.sort()) {
    const path = join(dir, name);
    files.set(path, await loadDataFile(path, timeZone));
  }
  return files;
}

/** All points per metric of several parsed files as columns, concatenated in the files' order (later files win ties after cleaning). */
export function mergeDataColumns(files: Iterable<ParsedDataFile>): Map<string, PointColumns> {
  const parts = new Map<string, PointColumns[]>();
  for (const file of files) {
    for (const [metric, columns] of file.columns) {
      const list = parts.get(metric);
      if (list === undefined) parts.set(metric, [columns]);
      else list.push(columns);
    }
  }
  return new Map([...parts].map(([metric, list]) => [metric, concatColumns(list)] as const));
}

/** One metric's columns as `{t, v}` points (NaN → null). One object per point: for tests and small inputs only. */
export function pointsOfColumns(columns: PointColumns): RawPoint[] {
  const points: RawPoint[] = [];
  for (let index = 0; index < columns.times.length; index++) {
    const value = columns.values[index]!;
    points.push({ t: columns.times[index]!, v: Number.isNaN(value) ? null : value });
  }
  return points;
}

/**
 * All points per metric of several parsed files as `{t, v}` objects, concatenated in the files'
 * order. One object per point: for tests and small inputs; large data goes through mergeDataColumns.
 */
export function mergeDataFiles(files: Iterable<ParsedDataFile>): Map<string, RawPoint[]> {
  return new Map([...mergeDataColumns(files)].map(([metric, columns]) => [metric, pointsOfColumns(columns)] as const));
}

/** `file:line: message` (or `file: message` without a line). */
export function formatDataWarning(warning: DataFileWarning): string {
  return warning.line > 0 ? `${warning.file}:${warning.line}: ${warning.message}` : `${warning.file}: ${warning.message}`;
}
