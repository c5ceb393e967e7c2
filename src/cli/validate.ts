/**
 * `kpi-signage validate FILE…`: checks layouts (.yaml, .yml, .json with screen/grid/metrics/kpis/tiles)
 * and data files (.csv, .json with points) and prints every problem as file:line:column: message — fix.
 * A directory checks the layouts and data files in it. Never crashes, whatever the input.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { formatProblem, parseLayoutText, MAX_LAYOUT_BYTES } from '../layout/load.js';
import { loadDataFile, isDataFileName } from '../store/files.js';
import { parseCommand, usageError, type CommandSpec } from './args.js';

const spec: CommandSpec = {
  name: 'validate',
  usage: [
    'usage: kpi-signage validate FILE|DIR…',
    '',
    'Checks layout files (.yaml, .yml, .json) and data files (.csv, .json with "points").',
    'Prints every problem as file:line:column: message — fix; exit 0 when all are fine, 1 otherwise.',
  ].join('\n'),
  options: {},
};

const LAYOUT_EXTENSIONS = new Set(['.yaml', '.yml']);

/** The outcome of checking one file: lines to print, and whether they are errors. */
interface Checked {
  readonly errors: string[];
  readonly warnings: string[];
}

function isDataJson(text: string): boolean {
  try {
    const document: unknown = JSON.parse(text);
    return document !== null && typeof document === 'object' && !Array.isArray(document) && 'points' in document;
  } catch {
    return false;
  }
}

async function checkLayout(path: string, text: string): Promise<Checked> {
  const result = parseLayoutText(text, path);
  if (!result.ok) return { errors: result.errors.map(formatProblem), warnings: [] };
  return { errors: [], warnings: result.warnings.map((warning) => `warning: ${formatProblem(warning)}`) };
}

async function checkData(path: string): Promise<Checked> {
  const parsed = await loadDataFile(path, 'UTC');
  const errors = parsed.warnings.map((warning) => (warning.line > 0 ? `${path}:${warning.line}:1: ${warning.message}` : `${path}: ${warning.message}`));
  if (parsed.warnings.length === 0 && parsed.columns.size === 0) errors.push(`${path}:1:1: no points in this file — add rows (metric,time,value or time,<metric>,…)`);
  return { errors, warnings: [] };
}

/** Checks one file, choosing layout or data by extension (and for .json by content). */
async function checkFile(path: string): Promise<Checked> {
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') return checkData(path);
  if (!LAYOUT_EXTENSIONS.has(extension) && extension !== '.json') {
    return { errors: [`${path}: not a layout (.yaml, .yml, .json) or data file (.csv, .json) — rename it or leave it out`], warnings: [] };
  }
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) return { errors: [`${path}: not a regular file — give a file or a directory of layouts and data files`], warnings: [] };
    if (info.size > MAX_LAYOUT_BYTES && extension !== '.json') return checkLayout(path, ' '.repeat(MAX_LAYOUT_BYTES + 1));
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { errors: [`${path}: cannot read the file: ${error instanceof Error ? error.message : String(error)} — check the path and the permissions`], warnings: [] };
  }
  if (extension === '.json' && (text.length > MAX_LAYOUT_BYTES || isDataJson(text))) return checkData(path);
  return checkLayout(path, text);
}

/** The files to check for one argument: the file itself, or a directory's layouts and data files. */
async function expand(path: string): Promise<string[]> {
  try {
    if (!(await stat(path)).isDirectory()) return [path];
    const entries = await readdir(path, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile() && (isDataFileName(entry.name) || (!entry.name.startsWith('.') && LAYOUT_EXTENSIONS.has(extname(entry.name).toLowerCase()))))
      .map((entry) => join(path, entry.name))
      .sort();
  } catch {
    return [path]; // checkFile reports it
  }
}

/** Runs `validate`: exit 0 and `ok: N files` when all are fine; 1 with every problem listed. */
export async function main(args: string[]): Promise<number> {
  const parsed = parseCommand(spec, args);
  if ('exit' in parsed) return parsed.exit;
  if (parsed.positionals.length === 0) return usageError(spec, 'give at least one file');
  const files = (await Promise.all(parsed.positionals.map(expand))).flat();
  let problems = 0;
  let failed = 0;
  for (const file of files) {
    const checked = await checkFile(file);
    for (const line of [...checked.errors, ...checked.warnings]) process.stdout.write(`${line}\n`);
    problems += checked.errors.length;
    if (checked.errors.length > 0) failed += 1;
  }
  if (problems === 0) {
    process.stdout.write(`ok: ${files.length} file${files.length === 1 ? '' : 's'}\n`);
    return 0;
  }
  process.stdout.write(`${problems} problem${problems === 1 ? '' : 's'} in ${failed} of ${files.length} file${files.length === 1 ? '' : 's'}\n`);
  return 1;
}
