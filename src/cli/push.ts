/**
 * `kpi-signage push --url URL --token-file F METRIC VALUE [--time ISO]`: sends one point to a
 * running daemon over HTTP (POST /v1/points) for cron jobs and scripts; prints the ack, or the
 * error and exits 1.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/** How long to wait for the daemon's answer unless --timeout says otherwise. */
export const DEFAULT_PUSH_TIMEOUT_MS = 10_000;

const USAGE = `usage: kpi-signage push --url URL --token-file FILE METRIC VALUE [--time ISO|EPOCH_MS] [--timeout MS]

Sends one point to a running daemon (POST URL/v1/points) and prints its ack.
  --url URL          the daemon, e.g. http://signage.local:8080
  --token-file FILE  the file holding the bearer token
  METRIC VALUE       e.g. inbound_leads 17 (VALUE "null" records an explicit gap)
  --time T           ISO 8601 (no offset = the screen's time zone) or epoch ms; default now
  --timeout MS       how long to wait for the answer (default ${DEFAULT_PUSH_TIMEOUT_MS})
`;

/** The points URL for a daemon base URL (or the full points URL as given). */
export function pointsUrl(base: string): string {
  const url = new URL(base);
  if (!url.pathname.endsWith('/v1/points')) url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/points`;
  return url.toString();
}

const STRING_OPTIONS = new Set(['--url', '--token-file', '--time', '--timeout']);

/** Moves negative numbers (`push temperature -5`) behind `--`, so they are values, not options. */
function negativesLast(args: readonly string[]): string[] {
  const kept: string[] = [];
  const negatives: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return [...kept, ...args.slice(i), ...negatives];
    if (STRING_OPTIONS.has(arg) && i + 1 < args.length) {
      kept.push(arg, args[++i]!);
    } else if (/^-(\d|\.\d)/.test(arg)) {
      negatives.push(arg);
    } else {
      kept.push(arg);
    }
  }
  return negatives.length > 0 ? [...kept, '--', ...negatives] : kept;
}

/** The push command. */
export async function main(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: negativesLast(args),
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        'token-file': { type: 'string' },
        time: { type: 'string' },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`kpi-signage push: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    process.stdout.write(USAGE);
    return 0;
  }
  const fail = (message: string, code = 2): number => {
    process.stderr.write(`kpi-signage push: ${message}\n${code === 2 ? `\n${USAGE}` : ''}`);
    return code;
  };
  if (values.url === undefined) return fail('--url is missing');
  if (values['token-file'] === undefined) return fail('--token-file is missing');
  if (positionals.length !== 2) return fail(`give METRIC and VALUE (got ${positionals.length} argument${positionals.length === 1 ? '' : 's'})`);
  const [metric, valueText] = positionals as [string, string];
  const value = valueText === 'null' ? null : Number(valueText);
  if (value !== null && (!Number.isFinite(value) || valueText.trim() === '')) return fail(`VALUE ${JSON.stringify(valueText)} is not a finite number (or "null" for a gap)`);
  let time: string | number = new Date().toISOString();
  if (values.time !== undefined) time = /^-?\d+$/.test(values.time) ? Number(values.time) : values.time;
  const timeoutMs = values.timeout === undefined ? DEFAULT_PUSH_TIMEOUT_MS : Number(values.timeout);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) return fail(`--timeout ${values.timeout} is not a positive number of milliseconds`);

  let url: string;
  try {
    url = pointsUrl(values.url);
  } catch {
    return fail(`--url ${JSON.stringify(values.url)} is not a URL (e.g. http://signage.local:8080)`);
  }
  let token: string;
  try {
    token = readFileSync(values['token-file'], 'utf8').trim();
  } catch (error) {
    return fail(`cannot read the token file: ${error instanceof Error ? error.message : String(error)}`, 1);
  }
  if (token === '') return fail(`the token file ${values['token-file']} is empty`, 1);

  const body = JSON.stringify({ type: 'points', id: `cli-${process.pid}-${Date.now()}`, metric, points: [[time, value]] });
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    return fail(`cannot reach ${url}: ${cause}`, 1);
  }
  const text = await response.text();
  const reply = parseReply(text);
  if (response.ok && reply?.type === 'ack') {
    process.stdout.write(`${JSON.stringify(reply)}\n`);
    return 0;
  }
  if (reply !== null && typeof reply.message === 'string') {
    return fail(`${reply.code ?? `HTTP ${response.status}`}: ${reply.message}${reply.path !== undefined && !reply.message.startsWith(reply.path) ? ` (at ${reply.path})` : ''}`, 1);
  }
  return fail(`HTTP ${response.status} from ${url}: ${text.slice(0, 200)}`, 1);
}

interface ReplyShape {
  readonly type?: string;
  readonly message?: string;
  readonly code?: string;
  readonly path?: string;
}

/** The daemon's JSON reply, or null when the body is something else (a proxy's error page). */
function parseReply(text: string): ReplyShape | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as ReplyShape) : null;
  } catch {
    return null;
  }
}
