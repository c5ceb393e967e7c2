/**
 * The daemon's settings: one zod schema with defaults and descriptions, read from a YAML file
 * (`--config`) and command-line flags (flags win). Keys are the flag names, so a setting reads the
 * same in both places. Every bad key or value is reported with file:line:column, not just the first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LineCounter, isMap, isScalar, parseDocument, type Node as YamlNode } from 'yaml';
import { z } from 'zod';

const hostPort = /^(\[[0-9a-fA-F:.]+\]|[^:\s]+):(\d{1,5})$/;

export const configSchema = z.strictObject({
  layouts: z.string().min(1).default('layouts').describe('directory of layout files (one page each, shown in file-name order)'),
  data: z.string().min(1).default('data').describe('directory of data files (CSV or JSON)'),
  state: z.string().min(1).default('state').describe('directory for the point store, saved pushed layouts and the token'),
  output: z
    .string()
    .regex(/^(fb|png):.+$/, 'expected fb:/dev/fbN or png:FILE')
    .optional()
    .describe('where frames go; default fb:/dev/fb0 when it exists, else png:<state>/screen.png'),
  listen: z.string().regex(hostPort, 'expected HOST:PORT, e.g. 127.0.0.1:8080').default('127.0.0.1:8080').describe('address of the push server, health endpoint and preview page'),
  'token-file': z.string().min(1).optional().describe('file holding the bearer token; default <state>/token, created on first start'),
  connect: z.string().regex(/^wss?:\/\/.+/, 'expected a ws:// or wss:// URL').optional().describe('central server to dial out to'),
  'max-fps': z.number().positive().max(60).default(10).describe('upper bound on frames per second, however fast pushes arrive'),
  'settle-ms': z.number().int().min(0).max(10_000).default(200).describe('a watched file must be quiet and unchanged this long before it is loaded'),
  'retention-days': z
    .number()
    .int()
    .min(1)
    .max(36_500)
    .default(840)
    .describe('days of pushed points kept, on disk and in memory; 840 covers year-over-year and a quarter KPI\'s 8-quarter driver baseline'),
  'time-zone': z.string().min(1).optional().describe('time zone for data-file times without an offset; default the first page\'s screen.timezone'),
  'log-level': z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level'),
});

export type ConfigInput = z.input<typeof configSchema>;

/** The settings with every default applied and paths made absolute. */
export interface DaemonConfig {
  readonly layoutsDir: string;
  readonly dataDir: string;
  readonly stateDir: string;
  readonly output: string;
  readonly listen: { readonly host: string; readonly port: number };
  readonly tokenFile: string;
  readonly connect: string | null;
  readonly maxFramesPerSecond: number;
  readonly settleMs: number;
  /** Days of pushed points kept (store retention, and what the screen keeps in memory). */
  readonly retentionDays: number;
  readonly timeZone: string | null;
  readonly logLevel: string;
}

/** One bad setting: where (file:line:column, or the flag) and what is wrong. */
export interface ConfigProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export type ConfigResult = { ok: true; config: DaemonConfig } | { ok: false; problems: ConfigProblem[] };

/** `file:line:column: message` (or `--flag: message`), one line a person can act on. */
export function formatConfigProblem(p: ConfigProblem): string {
  return p.line > 0 ? `${p.file}:${p.line}:${p.column}: ${p.message}` : `${p.file}: ${p.message}`;
}

const numericKeys = new Set(['max-fps', 'settle-ms', 'retention-days']);
const pathKeys = ['layouts', 'data', 'state', 'token-file'] as const;

/** Parses `run`'s arguments and the config file they name; all problems at once, never throws. */
export function loadConfig(args: readonly string[], cwd = process.cwd()): ConfigResult & { help?: boolean } {
  const flagOptions: Record<string, { type: 'string' | 'boolean' }> = { config: { type: 'string' }, help: { type: 'boolean' } };
  for (const key of Object.keys(configSchema.shape)) flagOptions[key] = { type: 'string' };
  let flags: Record<string, string | boolean | undefined>;
  try {
    flags = parseArgs({ args: [...args], options: flagOptions, allowPositionals: false, strict: true }).values as Record<string, string | boolean | undefined>;
  } catch (error) {
    return { ok: false, problems: [{ file: 'command line', line: 0, column: 0, message: `${(error as Error).message}; see --help` }] };
  }
  if (flags.help === true) return { ok: false, problems: [], help: true };

  const problems: ConfigProblem[] = [];
  let fileValues: Record<string, unknown> = {};
  let fileDir = cwd;
  let configFile: string | null = null;
  const lineCounter = new LineCounter();
  let document: ReturnType<typeof parseDocument> | null = null;
  if (typeof flags.config === 'string') {
    configFile = resolve(cwd, flags.config);
    fileDir = dirname(configFile);
    let text: string;
    try {
      text = readFileSync(configFile, 'utf8');
    } catch (error) {
      return { ok: false, problems: [{ file: configFile, line: 0, column: 0, message: `cannot read the config file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` }] };
    }
    document = parseDocument(text, { lineCounter, prettyErrors: false });
    for (const error of document.errors) {
      const at = lineCounter.linePos(error.pos[0]);
      problems.push({ file: configFile, line: at.line, column: at.col, message: `YAML: ${error.message.split('\n')[0]}` });
    }
    if (problems.length > 0) return { ok: false, problems };
    const value: unknown = document.toJS();
    if (value !== null && value !== undefined && (typeof value !== 'object' || Array.isArray(value))) {
      return { ok: false, problems: [{ file: configFile, line: 1, column: 1, message: 'expected a mapping of settings (key: value)' }] };
    }
    fileValues = (value ?? {}) as Record<string, unknown>;
  }

  // Validate the file on its own first, so its problems carry its line and column.
  const fileCheck = configSchema.safeParse(fileValues);
  if (!fileCheck.success && configFile !== null) {
    for (const issue of fileCheck.error.issues) {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
      for (const path of keys) {
        const where = locate(document, lineCounter, path as (string | number)[], issue.code === 'unrecognized_keys');
        const name = path.map(String).join('.');
        const message = issue.code === 'unrecognized_keys' ? `unknown setting '${name}' (known: ${Object.keys(configSchema.shape).join(', ')})` : `${name}: ${issue.message}`;
        problems.push({ file: configFile, line: where.line, column: where.column, message });
      }
    }
  }

  // Flags override the file; relative paths in the file are relative to the file.
  const merged: Record<string, unknown> = { ...fileValues };
  for (const key of pathKeys) {
    const value = merged[key];
    if (typeof value === 'string' && !isAbsolute(value)) merged[key] = join(fileDir, value);
  }
  if (typeof merged.output === 'string') merged.output = absoluteOutput(merged.output, fileDir);
  for (const key of Object.keys(configSchema.shape)) {
    const value = flags[key];
    if (typeof value !== 'string') continue;
    if (numericKeys.has(key)) merged[key] = value.trim() === '' ? Number.NaN : Number(value);
    else if ((pathKeys as readonly string[]).includes(key)) merged[key] = resolve(cwd, value);
    else if (key === 'output') merged[key] = absoluteOutput(value, cwd);
    else merged[key] = value;
  }
  const checked = configSchema.safeParse(merged);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const key = String(issue.path[0] ?? '');
      if (typeof flags[key] === 'string') problems.push({ file: `--${key}`, line: 0, column: 0, message: issue.message });
    }
    if (problems.length === 0) {
      for (const issue of checked.error.issues) problems.push({ file: configFile ?? 'settings', line: 0, column: 0, message: `${issue.path.join('.')}: ${issue.message}` });
    }
  }
  if (problems.length > 0 || !checked.success) return { ok: false, problems };

  const values = checked.data;
  const stateDir = resolve(cwd, values.state);
  const match = hostPort.exec(values.listen)!;
  const port = Number(match[2]);
  if (port > 65_535) return { ok: false, problems: [{ file: typeof flags.listen === 'string' ? '--listen' : (configFile ?? 'settings'), line: 0, column: 0, message: `port ${port} is above 65535` }] };
  return {
    ok: true,
    config: {
      layoutsDir: resolve(cwd, values.layouts),
      dataDir: resolve(cwd, values.data),
      stateDir,
      output: values.output ?? defaultOutput(stateDir),
      listen: { host: match[1]!.replace(/^\[|\]$/g, ''), port },
      tokenFile: values['token-file'] !== undefined ? resolve(cwd, values['token-file']) : join(stateDir, 'token'),
      connect: values.connect ?? null,
      maxFramesPerSecond: values['max-fps'],
      settleMs: values['settle-ms'],
      retentionDays: values['retention-days'],
      timeZone: values['time-zone'] ?? null,
      logLevel: values['log-level'],
    },
  };
}

/** fb:/dev/fb0 on a machine with a framebuffer (a Pi), else a PNG file in the state directory. */
export function defaultOutput(stateDir: string, framebuffer = '/dev/fb0'): string {
  return existsSync(framebuffer) ? `fb:${framebuffer}` : `png:${join(stateDir, 'screen.png')}`;
}

/** The `run --help` text, generated from the schema's descriptions. */
export function configHelp(): string {
  const lines = Object.entries(configSchema.shape).map(([key, schema]) => {
    const described = (schema as z.ZodType).description ?? '';
    const parsed = (schema as z.ZodType).safeParse(undefined);
    const fallback = parsed.success && parsed.data !== undefined ? ` (default ${String(parsed.data)})` : '';
    return `  --${key.padEnd(11)} ${described}${fallback}`;
  });
  return `usage: kpi-signage run [--config FILE] [options]\n\nEvery option may also be a key in the YAML file given with --config; flags win.\n\n${lines.join('\n')}\n`;
}

function absoluteOutput(spec: string, base: string): string {
  const colon = spec.indexOf(':');
  if (colon < 0) return spec;
  const path = spec.slice(colon + 1);
  return isAbsolute(path) ? spec : `${spec.slice(0, colon)}:${resolve(base, path)}`;
}

function locate(
  document: ReturnType<typeof parseDocument> | null,
  lineCounter: LineCounter,
  path: (string | number)[],
  pointAtKey: boolean,
): { line: number; column: number } {
  if (document === null) return { line: 0, column: 0 };
  let node: YamlNode | null = null;
  if (pointAtKey && isMap(document.contents)) {
    const pair = document.contents.items.find((item) => isScalar(item.key) && item.key.value === path[path.length - 1]);
    node = (pair?.key as YamlNode | undefined) ?? null;
  } else {
    node = (document.getIn(path, true) as YamlNode | undefined) ?? null;
  }
  const offset = node?.range?.[0] ?? 0;
  const at = lineCounter.linePos(offset);
  return { line: at.line, column: at.col };
}
