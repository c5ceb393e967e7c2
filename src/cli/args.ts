/**
 * Small shared helpers for commands: parse options with node:util parseArgs, print usage on
 * --help or on a mistake, read `--now`. Kept tiny on purpose.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DateTime } from 'luxon';

/** One command's options and its usage text (printed on --help and after a mistake). */
export interface CommandSpec {
  readonly name: string;
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
}

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** Parsed options, or the exit code to return (0 after --help, 2 after a usage mistake). */
export type Parsed = { readonly values: OptionValues; readonly positionals: string[] } | { readonly exit: number };

/** Parses `args` for `spec`; prints usage to stdout on --help, the mistake and usage to stderr otherwise. */
export function parseCommand(spec: CommandSpec, args: string[]): Parsed {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${spec.usage}\n`);
    return { exit: 0 };
  }
  try {
    const { values, positionals } = parseArgs({ args, options: spec.options, allowPositionals: true, strict: true });
    return { values: values as OptionValues, positionals };
  } catch (error) {
    process.stderr.write(`kpi-signage ${spec.name}: ${error instanceof Error ? error.message : String(error)}\n\n${spec.usage}\n`);
    return { exit: 2 };
  }
}

/** A string option's value, or undefined when absent. */
export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * `--now` as epoch ms: ISO 8601 (without an offset it is read in `timeZone`) or epoch ms; the
 * current time when absent; null when unreadable.
 */
export function parseNow(text: string | undefined, timeZone = 'UTC', clock: () => number = Date.now): number | null {
  if (text === undefined) return clock();
  if (/^\d+$/.test(text)) return Number(text);
  const parsed = DateTime.fromISO(text, { zone: timeZone });
  return parsed.isValid ? parsed.toMillis() : null;
}

/** Prints a usage mistake and returns exit code 2. */
export function usageError(spec: CommandSpec, message: string): number {
  process.stderr.write(`kpi-signage ${spec.name}: ${message}\n\n${spec.usage}\n`);
  return 2;
}
