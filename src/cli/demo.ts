/**
 * `kpi-signage demo` (`npm run demo`): the daemon on the example layout with data generated up
 * to now, a PNG output and the preview page, and a simulated central server the device dials out
 * to, pushing changing values over a real WebSocket. Everything lives in a temp directory.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { DaemonConfig } from '../daemon/config.js';
import { DEFAULT_DEMO_START, startDemoCentral, type DemoStart } from '../daemon/demo-central.js';
import { runDaemon } from '../daemon/run-daemon.js';
import { readOrCreateToken } from '../daemon/token.js';

/** The preview port the demo prefers (README and docs point at it). */
const DEMO_PORT = 8080;

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

const help = `usage: kpi-signage demo [--listen HOST:PORT] [--output SINK] [--interval MS] [--log-level LEVEL]

Runs the daemon on layouts/marketing.yaml with example data ending now, writes frames to a PNG
(or --output), serves the preview page, and pushes changing values from a simulated central server.
`;

/** Runs the demo until Ctrl-C; returns the exit code. */
export async function main(args: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args,
      options: {
        listen: { type: 'string', default: `127.0.0.1:${DEMO_PORT}` },
        output: { type: 'string' },
        interval: { type: 'string', default: '2000' },
        'log-level': { type: 'string', default: 'warn' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`kpi-signage demo: ${(error as Error).message}\n\n${help}`);
    return 2;
  }
  if (values.help === true) {
    process.stdout.write(help);
    return 0;
  }
  const listen = /^(.+):(\d+)$/.exec(values.listen);
  const interval = Number(values.interval);
  if (listen === null || !Number.isFinite(interval) || interval < 100) {
    process.stderr.write(`kpi-signage demo: --listen is HOST:PORT and --interval at least 100 (ms)\n`);
    return 2;
  }

  const dir = mkdtempSync(join(tmpdir(), 'kpi-signage-demo-'));
  const layoutsDir = join(dir, 'layouts');
  const dataDir = join(dir, 'data');
  const stateDir = join(dir, 'state');
  for (const d of [layoutsDir, dataDir, stateDir]) mkdirSync(d, { recursive: true });
  cpSync(join(packageRoot, 'layouts', 'marketing.yaml'), join(layoutsDir, 'marketing.yaml'));
  const generator = join(packageRoot, 'scripts', 'gen-example-data.mjs');
  let start = DEFAULT_DEMO_START;
  if (existsSync(generator)) {
    const csv = join(dataDir, 'marketing.csv');
    execFileSync(process.execPath, [generator, '--now', 'now', '--out', csv], { stdio: ['ignore', 'ignore', 'inherit'] });
    start = lastValues(readFileSync(csv, 'utf8'));
  } else {
    process.stderr.write(`kpi-signage demo: ${generator} is missing; starting without example data\n`);
  }
  const tokenFile = join(stateDir, 'token');
  const { token } = readOrCreateToken(tokenFile);
  const central = await startDemoCentral({ token, intervalMs: interval, start, log: (message) => process.stderr.write(`central: ${message}\n`) });

  const png = join(dir, 'screen.png');
  const host = listen[1]!.replace(/^\[|\]$/g, '');
  // The usual port when it is free, so the preview URL is the same every time; any free one else.
  const port = Number(listen[2]) === DEMO_PORT && !(await portIsFree(host, DEMO_PORT)) ? 0 : Number(listen[2]);
  const config: DaemonConfig = {
    layoutsDir,
    dataDir,
    stateDir,
    output: values.output ?? `png:${png}`,
    listen: { host, port },
    tokenFile,
    connect: central.url,
    maxFramesPerSecond: 10,
    settleMs: 200,
    retentionDays: 840,
    timeZone: null,
    logLevel: values['log-level'],
  };
  const running = await runDaemon(config, { onStop: () => central.stop() });
  const bound = running.daemon.port;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  process.stdout.write(
    [
      '',
      'kpi-signage demo is running',
      bound === null
        ? '  preview:  (the push server did not start; see the log above)'
        : `  preview:  http://${shownHost}:${bound}/?token=${token}`,
      `  token:    ${token}`,
      `  output:   ${config.output}`,
      `  layouts:  ${layoutsDir}   (edit or drop .yaml files here)`,
      `  data:     ${dataDir}`,
      `  central:  ${central.url} pushes new values every ${interval} ms`,
      '  Ctrl-C stops it.',
      '',
    ].join('\n'),
  );
  const code = await running.exited;
  setImmediate(() => process.exit(code));
  return code;
}

/** True when nothing listens on host:port yet. */
function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

/** The last row of the generated (wide) CSV, so the simulated pushes continue where it ends. */
function lastValues(csv: string): DemoStart {
  const lines = csv.trim().split('\n');
  const header = lines[0]?.split(',') ?? [];
  const last = lines[lines.length - 1]?.split(',') ?? [];
  const value = (name: keyof DemoStart): number => {
    const number = Number(last[header.indexOf(name)]);
    return header.includes(name) && Number.isFinite(number) ? number : DEFAULT_DEMO_START[name];
  };
  return { conversion_rate: value('conversion_rate'), email_subscribers: value('email_subscribers'), seo_rank: value('seo_rank') };
}
