/**
 * Loads a layout (YAML or JSON text, a file, or an object pushed over the network) into a resolved
 * `Layout`, or into every problem found, each with file:line:column, a message and a fix.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { checkLayout, layoutWarnings } from './checks.js';
import { problemsFromIssue, pathText, type PathProblem } from './issues.js';
import { locate } from './positions.js';
import { resolveLayout } from './resolve.js';
import { layoutSchema } from './schema.js';
import type { LayoutProblem, LayoutResult } from './types.js';

/** Layout files larger than this are refused: a page is a few kilobytes. */
export const MAX_LAYOUT_BYTES = 1_000_000;
/** YAML aliases expanded per file at most (stops "billion laughs" documents). */
export const MAX_ALIAS_COUNT = 100;

/** `file:line:column: message — fix` (or `file: message — fix` when there is no position). */
export function formatProblem(problem: LayoutProblem): string {
  const where = problem.line > 0 ? `${problem.file}:${problem.line}:${problem.column}` : problem.file;
  return `${where}: ${problem.message} — ${problem.fix}`;
}

/** The page name of a layout file: its name without directory and extension. */
export function layoutName(file: string): string {
  const base = basename(file);
  return base.slice(0, base.length - extname(base).length) || base;
}

/** Whether a directory entry is a layout file: `.yaml`, `.yml` or `.json`, not a dotfile (editor and rsync temp files). */
export function isLayoutFileName(name: string): boolean {
  if (name.startsWith('.') || name.endsWith('~')) return false;
  const extension = extname(name).toLowerCase();
  return extension === '.yaml' || extension === '.yml' || extension === '.json';
}

/** Whether a layout file is a page shown in the rotation: files starting with `_` are validated but not shown. */
export function isShownPage(name: string): boolean {
  return isLayoutFileName(name) && !basename(name).startsWith('_');
}

const byPosition = (a: LayoutProblem, b: LayoutProblem): number => a.line - b.line || a.column - b.column;

function failure(file: string, message: string, fix: string, line = 1, column = 1): LayoutResult {
  return { ok: false, errors: [{ file, line, column, message, fix }] };
}

/** Validates a plain document and resolves it; `place` turns a document path into a position. */
function validateDocument(root: unknown, name: string, file: string, place: (problem: PathProblem) => { line: number; column: number; prefix: string }): LayoutResult {
  const toProblem = (problem: PathProblem): LayoutProblem => {
    const { line, column, prefix } = place(problem);
    return { file, line, column, message: prefix + problem.message, fix: problem.fix };
  };
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    const got = Array.isArray(root) ? 'a list' : root === null || root === undefined ? 'nothing' : `the ${typeof root} ${JSON.stringify(root).slice(0, 40)}`;
    return failure(file, `a layout must be a mapping (screen:, grid:, metrics:, kpis:, tiles:), not ${got}`, 'start from layouts/marketing.yaml', place({ path: [], key: false, message: '', fix: '' }).line);
  }
  const parsed = layoutSchema.safeParse(root);
  const pathProblems = parsed.success ? [] : parsed.error.issues.flatMap((issue) => problemsFromIssue(issue, layoutSchema, root));
  pathProblems.push(...checkLayout(root));
  const seen = new Set<string>();
  const errors = pathProblems.map(toProblem).filter((problem) => {
    const key = `${problem.line}:${problem.column}:${problem.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  if (!parsed.success || errors.length > 0) return { ok: false, errors: errors.sort(byPosition) };
  const warnings = layoutWarnings(root).map(toProblem).sort(byPosition);
  return { ok: true, layout: resolveLayout(parsed.data, name, file), warnings };
}

function syntaxProblems(document: Document, file: string): LayoutProblem[] {
  return document.errors.map((error) => {
    const position = error.linePos?.[0] ?? { line: 1, col: 1 };
    const message = (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
    const fix =
      error.code === 'DUPLICATE_KEY'
        ? 'keep each key once in a mapping'
        : error.code === 'TAB_AS_INDENT'
          ? 'indent with spaces, not tabs'
          : 'fix the YAML syntax here (indentation, a missing colon, quote or bracket)';
    return { file, line: position.line, column: position.col, message: `syntax error: ${message}`, fix };
  });
}

/**
 * Parses layout text (YAML, or JSON, which is read by the same parser so both get line:column) from
 * `file`; the page is named after the file. Never throws: every problem is in the result.
 */
export function parseLayoutText(text: string, file: string): LayoutResult {
  if (text.length > MAX_LAYOUT_BYTES) return failure(file, `the file is larger than ${MAX_LAYOUT_BYTES} bytes`, 'a layout is a few kilobytes: check that this is the right file');
  if (text.trim() === '') return failure(file, 'the file is empty', 'write a layout: see layouts/marketing.yaml and schema/layout.schema.json');
  if (text.includes('\u0000')) return failure(file, 'this is not a text file', 'give a YAML or JSON layout');
  try {
    const lineCounter = new LineCounter();
    const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true, strict: true });
    if (document.errors.length > 0) return { ok: false, errors: syntaxProblems(document, file).sort(byPosition) };
    const root: unknown = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    if (root === null || root === undefined) return failure(file, 'the file has no content (only comments?)', 'write a layout: see layouts/marketing.yaml');
    return validateDocument(root, layoutName(file), file, (problem) => ({ ...locate(document, lineCounter, problem.path, { key: problem.key }), prefix: '' }));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return failure(file, `cannot read the layout: ${reason}`, 'simplify the file (fewer aliases, less nesting)');
  }
}

/**
 * Validates a layout pushed as a JSON object (WebSocket, HTTP) and names the page `name`. Objects
 * have no lines: problems carry line 0, column 0 and the document path at the start of the message.
 */
export function parseLayoutObject(obj: unknown, name: string): LayoutResult {
  const file = `push:${name}`;
  try {
    return validateDocument(obj, name, file, (problem) => ({ line: 0, column: 0, prefix: problem.path.length > 0 ? `${pathText(problem.path)}: ` : '' }));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return failure(file, `cannot read the layout: ${reason}`, 'send a JSON object shaped like schema/layout.schema.json', 0, 0);
  }
}

/** Reads and parses a layout file; an unreadable file is one problem, never a throw. */
export async function loadLayoutFile(path: string): Promise<LayoutResult> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return failure(path, 'not a regular file', 'give the path of a .yaml, .yml or .json layout');
    if (info.size > MAX_LAYOUT_BYTES) return failure(path, `the file is larger than ${MAX_LAYOUT_BYTES} bytes`, 'a layout is a few kilobytes: check that this is the right file');
    return parseLayoutText(await readFile(path, 'utf8'), path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return failure(path, `cannot read the file: ${reason}`, 'check the path and the permissions');
  }
}
