// Runs the real daemon (`node bin/kpi-signage.js run …`, compiled dist/) in a temp directory and
// talks to it the way users do: files dropped into directories, a WebSocket client with the
// token, GET /v1/health, signals.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import WebSocket from 'ws';

export const root = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The CLI the tests spawn: a private copy of the compiled dist/ (node_modules, fonts, layouts and
 * scripts linked), so another test run recompiling dist/ meanwhile cannot hand a spawned daemon
 * half-written modules. The copy is checked by loading every module of `run` (`run --help`).
 */
export const cli = snapshotCli();

function snapshotCli(): string {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const copy = mkdtempSync(join(tmpdir(), 'kpi-dist-'));
    cpSync(join(root, 'dist'), join(copy, 'dist'), { recursive: true });
    cpSync(join(root, 'bin'), join(copy, 'bin'), { recursive: true });
    cpSync(join(root, 'package.json'), join(copy, 'package.json'));
    for (const linked of ['node_modules', 'fonts', 'layouts', 'scripts']) {
      if (existsSync(join(root, linked))) symlinkSync(join(root, linked), join(copy, linked));
    }
    const entry = join(copy, 'bin', 'kpi-signage.js');
    const check = spawnSync(process.execPath, [entry, 'run', '--help'], { encoding: 'utf8' });
    const demo = spawnSync(process.execPath, [entry, 'demo', '--help'], { encoding: 'utf8' });
    afterAll(() => rmSync(copy, { recursive: true, force: true }));
    if (check.status === 0 && demo.status === 0) return entry;
    spawnSync('sleep', ['1']);
  }
  return join(root, 'bin', 'kpi-signage.js');
}

export interface Workspace {
  readonly dir: string;
  readonly layouts: string;
  readonly data: string;
  readonly state: string;
  readonly png: string;
}

/** A temp directory with empty layouts/, data/, state/. */
export function workspace(): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-daemon-'));
  const ws = { dir, layouts: join(dir, 'layouts'), data: join(dir, 'data'), state: join(dir, 'state'), png: join(dir, 'screen.png') };
  for (const d of [ws.layouts, ws.data, ws.state]) mkdirSync(d, { recursive: true });
  return ws;
}

export { smallLayout } from './layouts.js';

export function copyExampleLayout(to: string): void {
  cpSync(join(root, 'layouts', 'marketing.yaml'), join(to, 'marketing.yaml'));
}

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export class DaemonProcess {
  readonly logs: LogLine[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  port = 0;
  private readonly child: ChildProcess;
  private waiters: (() => void)[] = [];

  constructor(readonly ws: Workspace, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
    const fullEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    if (!('NOTIFY_SOCKET' in env)) delete fullEnv.NOTIFY_SOCKET;
    this.child = spawn(
      process.execPath,
      [cli, 'run', '--layouts', ws.layouts, '--data', ws.data, '--state', ws.state, '--output', `png:${ws.png}`, '--listen', '127.0.0.1:0', '--settle-ms', '100', ...args],
      { env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as LogLine;
        this.logs.push(entry);
        const match = /http:\/\/[^:]+:(\d+)\//.exec(entry.msg);
        if (match !== null && this.port === 0) this.port = Number(match[1]);
      } catch {
        this.stderr.push(`stdout: ${line}`);
      }
      this.wake();
    });
    createInterface({ input: this.child.stderr! }).on('line', (line) => {
      this.stderr.push(line);
      this.wake();
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => {
      this.wake();
      resolve({ code, signal });
    }));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get token(): string {
    return readFileSync(join(this.ws.state, 'token'), 'utf8').trim();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Waits until `check` holds, re-checking on every log line and every 100 ms. */
  async until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\nlogs:\n${this.logs.map((l) => JSON.stringify(l)).join('\n')}\nstderr:\n${this.stderr.join('\n')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for a log line whose message matches. */
  async log(pattern: RegExp, from = 0, timeoutMs = 20_000): Promise<LogLine> {
    let found: LogLine | undefined;
    await this.until(() => (found = this.logs.slice(from).find((l) => pattern.test(l.msg))) !== undefined, `a log line matching ${pattern}`, timeoutMs);
    return found!;
  }

  /** Resolves once the push server listens and the first frame is out. */
  async ready(): Promise<void> {
    await this.log(/first frame on the output/);
    await this.until(() => this.port !== 0, 'the listening port');
  }

  async health(): Promise<Record<string, any>> {
    const response = await fetch(`http://127.0.0.1:${this.port}/v1/health`, { headers: { Authorization: `Bearer ${this.token}` } });
    return (await response.json()) as Record<string, any>;
  }

  /** Opens an authenticated WebSocket to /v1/ws. */
  async socket(): Promise<PushClient> {
    const socket = new WebSocket(`ws://127.0.0.1:${this.port}/v1/ws`, { headers: { Authorization: `Bearer ${this.token}` } });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new PushClient(socket);
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }
}

/** A WebSocket push client that records every ack and error by message id. */
export class PushClient {
  readonly replies = new Map<string, Record<string, unknown>>();
  private waiters: (() => void)[] = [];

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const reply = JSON.parse(String(data)) as Record<string, unknown>;
      if (typeof reply.id === 'string') this.replies.set(reply.id, reply);
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on('close', () => {
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on('error', () => {});
  }

  send(message: Record<string, unknown>): void {
    this.socket.send(JSON.stringify(message));
  }

  /** Sends and waits for the reply with the same id. */
  async request(message: Record<string, unknown> & { id: string }, timeoutMs = 10_000): Promise<Record<string, unknown>> {
    this.send(message);
    const deadline = Date.now() + timeoutMs;
    while (!this.replies.has(message.id)) {
      if (Date.now() > deadline || this.socket.readyState !== WebSocket.OPEN) throw new Error(`no reply to ${message.id}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.replies.get(message.id)!;
  }

  close(): void {
    this.socket.close();
  }
}

/** A framebuffer for tests: a regular file plus a sysfs directory (KPI_SIGNAGE_SYSFS) describing it. */
export function fakeFramebuffer(dir: string, width: number, height: number, bitsPerPixel: 16 | 32 = 32): { device: string; sysfs: string } {
  const sysfs = join(dir, 'sysfs');
  mkdirSync(join(sysfs, 'fb0'), { recursive: true });
  const stride = width * (bitsPerPixel / 8);
  writeFileSync(join(sysfs, 'fb0', 'virtual_size'), `${width},${height}\n`);
  writeFileSync(join(sysfs, 'fb0', 'bits_per_pixel'), `${bitsPerPixel}\n`);
  writeFileSync(join(sysfs, 'fb0', 'stride'), `${stride}\n`);
  writeFileSync(join(sysfs, 'fb0', 'name'), 'test fb\n');
  const device = join(dir, 'fb0');
  writeFileSync(device, Buffer.alloc(stride * height));
  return { device, sysfs };
}
