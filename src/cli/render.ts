/**
 * `kpi-signage render LAYOUT --data DIR [--state DIR] [--now ISO] --out FILE.png`: one frame to
 * a PNG, exactly as the screen would show it at `now`, written atomically.
 */
import { formatProblem } from '../layout/load.js';
import type { LayoutProblem } from '../layout/types.js';
import type { DataWarning } from '../core/types.js';
import { renderPng, writeFileAtomic } from '../output/sink.js';
import { Painter } from '../render/painter.js';
import { formatDataWarning, type DataFileWarning } from '../store/files.js';
import { parseCommand, stringOption, usageError, type CommandSpec } from './args.js';
import { evaluateLayoutFiles } from './eval.js';

/** Warnings printed before the rest are only counted. */
export const MAX_PRINTED_WARNINGS = 20;

const spec: CommandSpec = {
  name: 'render',
  usage: [
    'usage: kpi-signage render LAYOUT --data DIR [--state DIR] [--now ISO] --out FILE.png',
    '',
    'Draws one frame of the layout to a PNG (the layout\'s screen size and orientation).',
    '  --data DIR    data files (*.csv, *.json)',
    '  --state DIR   also the points pushed to a daemon with this state directory',
    '  --now ISO     the instant to draw (default: now; no offset = the layout\'s time zone)',
    '  --out FILE    where to write the PNG (replaced atomically)',
  ].join('\n'),
  options: { data: { type: 'string' }, state: { type: 'string' }, now: { type: 'string' }, out: { type: 'string' } },
};

/** One warning as a line a person can act on. */
function describeWarning(warning: DataFileWarning | DataWarning | LayoutProblem): string {
  if ('column' in warning) return formatProblem(warning);
  if ('file' in warning) return formatDataWarning(warning);
  return `${warning.metric}${warning.time === null ? '' : ` at ${warning.time}`}: ${warning.why}`;
}

/** Runs `render`: exit 0 with the PNG written, 1 for a broken layout or unwritable file, 2 for usage mistakes. */
export async function main(args: string[]): Promise<number> {
  const parsed = parseCommand(spec, args);
  if ('exit' in parsed) return parsed.exit;
  const [layoutPath, ...extra] = parsed.positionals;
  if (layoutPath === undefined) return usageError(spec, 'give the layout file');
  if (extra.length > 0) return usageError(spec, `one layout at a time (got also ${extra.join(' ')})`);
  const out = stringOption(parsed.values, 'out');
  if (out === undefined) return usageError(spec, 'give --out FILE.png');
  const dataDir = stringOption(parsed.values, 'data');
  const stateDir = stringOption(parsed.values, 'state');
  if (dataDir === undefined && stateDir === undefined) return usageError(spec, 'give --data DIR (and/or --state DIR)');

  const result = await evaluateLayoutFiles(layoutPath, dataDir, stateDir, stringOption(parsed.values, 'now'));
  if ('errors' in result) {
    process.stderr.write(`${result.errors.join('\n')}\n`);
    return 1;
  }
  const { layout, page, warnings } = result;
  for (const warning of warnings.slice(0, MAX_PRINTED_WARNINGS)) process.stderr.write(`warning: ${describeWarning(warning)}\n`);
  if (warnings.length > MAX_PRINTED_WARNINGS) process.stderr.write(`warning: … and ${warnings.length - MAX_PRINTED_WARNINGS} more\n`);

  const painter = new Painter({ width: layout.screen.width, height: layout.screen.height, theme: layout.screen.theme, locale: layout.screen.locale, timeZone: layout.screen.timezone });
  const newest = page.tiles.reduce<number | null>((latest, tile) => (tile.lastPointAt !== null && (latest === null || tile.lastPointAt > latest) ? tile.lastPointAt : latest), null);
  painter.paint(layout, page, { lastUpdate: newest, notice: null });
  try {
    writeFileAtomic(out, renderPng(painter.canvas));
  } catch (error) {
    process.stderr.write(`kpi-signage render: cannot write ${out}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  process.stdout.write(`wrote ${out} (${painter.canvas.width}x${painter.canvas.height})\n`);
  return 0;
}
