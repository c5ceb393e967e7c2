/**
 * `kpi-signage eval LAYOUT --data DIR [--state DIR] [--now ISO]`: the tile views as JSON, no
 * drawing. Also exports `evaluateLayoutFiles`, the load-data-and-evaluate step `render` shares.
 */
import { formatProblem, loadLayoutFile } from '../layout/load.js';
import { evaluatePage, neededMetrics } from '../layout/evaluate.js';
import type { Layout, LayoutProblem, PageEval } from '../layout/types.js';
import type { DataWarning } from '../core/types.js';
import { loadDataDir, type DataFileWarning } from '../store/files.js';
import { parseCommand, parseNow, stringOption, usageError, type CommandSpec } from './args.js';

const spec: CommandSpec = {
  name: 'eval',
  usage: [
    'usage: kpi-signage eval LAYOUT --data DIR [--state DIR] [--now ISO]',
    '',
    'Prints {"kpis": {"<id>": view}, "metrics": {…}, "warnings": […]} as JSON: the views the tiles would show.',
    '  --data DIR    data files (*.csv, *.json)',
    '  --state DIR   also the points pushed to a daemon with this state directory',
    '  --now ISO     the instant to evaluate at (default: now; no offset = the layout\'s time zone)',
  ].join('\n'),
  options: { data: { type: 'string' }, state: { type: 'string' }, now: { type: 'string' } },
};

/** A page evaluated from files: the layout, its evaluation and every warning on the way. */
export interface EvaluatedFiles {
  readonly layout: Layout;
  readonly page: PageEval;
  readonly warnings: readonly (DataFileWarning | DataWarning | LayoutProblem)[];
}

/**
 * Loads a layout, the data directory (and pushed points of a state directory), cleans the points
 * and evaluates the page at `now` (undefined: the current time; a string: ISO or epoch ms).
 * Returns the layout problems instead when the layout does not load, or a message for a bad `now`.
 */
export async function evaluateLayoutFiles(
  layoutPath: string,
  dataDir: string | undefined,
  stateDir: string | undefined,
  nowText: string | undefined,
): Promise<EvaluatedFiles | { readonly errors: readonly string[] }> {
  const loaded = await loadLayoutFile(layoutPath);
  if (!loaded.ok) return { errors: loaded.errors.map(formatProblem) };
  const layout = loaded.layout;
  const now = parseNow(nowText, layout.screen.timezone);
  if (now === null) return { errors: [`--now: '${nowText ?? ''}' is not a time: use ISO 8601 (2026-12-03T10:00:00Z) or epoch milliseconds`] };
  const files = dataDir === undefined ? new Map() : await loadDataDir(dataDir, layout.screen.timezone);
  const fileWarnings: DataFileWarning[] = [...files.values()].flatMap((file) => file.warnings);
  const pointsByFile = new Map([...files].map(([path, file]) => [path, file.columns] as const));
  const { pointSetOf } = await import('../store/points.js');
  const points = pointSetOf(pointsByFile, stateDir);
  const page = evaluatePage(layout, (metric) => points.seriesOf(metric), now);
  const cleaning = [...neededMetrics(layout)].flatMap((metric) => points.warningsOf(metric));
  return { layout, page, warnings: [...loaded.warnings, ...fileWarnings, ...cleaning, ...page.warnings] };
}

/** Runs `eval`: JSON on stdout and exit 0; layout problems on stderr and exit 1; usage mistakes exit 2. */
export async function main(args: string[]): Promise<number> {
  const parsed = parseCommand(spec, args);
  if ('exit' in parsed) return parsed.exit;
  const [layoutPath, ...extra] = parsed.positionals;
  if (layoutPath === undefined) return usageError(spec, 'give the layout file');
  if (extra.length > 0) return usageError(spec, `one layout at a time (got also ${extra.join(' ')})`);
  const dataDir = stringOption(parsed.values, 'data');
  const stateDir = stringOption(parsed.values, 'state');
  if (dataDir === undefined && stateDir === undefined) return usageError(spec, 'give --data DIR (and/or --state DIR)');
  const result = await evaluateLayoutFiles(layoutPath, dataDir, stateDir, stringOption(parsed.values, 'now'));
  if ('errors' in result) {
    process.stderr.write(`${result.errors.join('\n')}\n`);
    return 1;
  }
  const output = { now: new Date(result.page.now).toISOString(), kpis: result.page.kpis, metrics: result.page.metrics, warnings: result.warnings };
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  return 0;
}
