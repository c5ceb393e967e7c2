// examples/central-server.mjs as a real process on a loopback port: devices are real WebSocket
// clients with their own tokens (and, at the end, a real `kpi-signage run --connect` daemon).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const script = join(repo, 'examples/central-server.mjs');
const LOBBY_TOKEN = 'a'.repeat(64);
const WAREHOUSE_TOKEN = 'b'.repeat(64);
const ADMIN_TOKEN = 'c'.repeat(48);
/** Longest wait for one expected message or log line. */
const WAIT_MS = 10_000;

const marketing = `screen: { width: 640, height: 360, timezone: UTC }
grid: { columns: 2, rows: 1 }
metrics:
  inbound_leads: { label: Inbound leads, better: higher, aggregate: sum }
kpis:
  monthly_leads: { metric: inbound_leads, period: month, target: 1200 }
tiles:
  - { kpi: monthly_leads, at: [0, 0] }
  - { metric: inbound_leads, at: [1, 0], view: sparkline }
`;
const ops = `screen: { width: 640, height: 360, timezone: UTC }
grid: { columns: 1, rows: 1 }
metrics:
  open_orders: { label: Open orders, better: lower, aggregate: last }
tiles:
  - { metric: open_orders, at: [0, 0] }
`;

interface Central {
  process: ChildProcess;
  url: string;
  http: string;
  output: () => string;
}

const running: ChildProcess[] = [];
let fleet = '';

function startCentral(): Promise<Central> {
  const child = spawn(process.execPath, [script, '--fleet', fleet, '--listen', '127.0.0.1:0', '--admin-token-file', join(fleet, 'admin-token')], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`central did not start:\n${output}`)), WAIT_MS);
    const check = (): void => {
      const match = /devices connect to (ws:\/\/127\.0\.0\.1:(\d+)\/v1\/devices)/.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      resolve({ process: child, url: match[1]!, http: `http://127.0.0.1:${match[2]}`, output: () => output });
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => reject(new Error(`central exited ${code}:\n${output}`)));
  });
}

async function stopCentral(central: Central): Promise<void> {
  if (central.process.exitCode !== null) return;
  const exited = new Promise((resolve) => central.process.once('exit', resolve));
  central.process.kill('SIGTERM');
  await exited;
}

/** A device as a plain WebSocket client: collects what the central server sends it. */
function connectDevice(url: string, token: string): Promise<{ socket: WebSocket; inbox: Record<string, unknown>[]; next: (type: string) => Promise<Record<string, unknown>> }> {
  const socket = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` } });
  const inbox: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (data) => {
    inbox.push(JSON.parse(String(data)) as Record<string, unknown>);
    for (const wake of waiters.splice(0)) wake();
  });
  let read = 0;
  const next = async (type: string): Promise<Record<string, unknown>> => {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      while (read < inbox.length) {
        const message = inbox[read++]!;
        if (message.type === type) return message;
      }
      if (Date.now() > deadline) throw new Error(`no ${type} message; got ${JSON.stringify(inbox)}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, inbox, next }));
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    socket.once('error', reject);
  });
}

async function post(central: Central, path: string, body: unknown, token = ADMIN_TOKEN): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${central.http}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function devices(central: Central): Promise<Record<string, Record<string, unknown>>> {
  const response = await fetch(`${central.http}/v1/devices`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  const json = (await response.json()) as { devices: Record<string, unknown>[] };
  return Object.fromEntries(json.devices.map((d) => [String(d.name), d]));
}

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeEach(() => {
  fleet = mkdtempSync(join(tmpdir(), 'kpi-central-'));
  mkdirSync(join(fleet, 'layouts'));
  mkdirSync(join(fleet, 'tokens'));
  writeFileSync(join(fleet, 'tokens/warehouse'), `${WAREHOUSE_TOKEN}\n`);
  writeFileSync(join(fleet, 'admin-token'), `${ADMIN_TOKEN}\n`);
  writeFileSync(join(fleet, 'layouts/marketing.yaml'), marketing);
  writeFileSync(join(fleet, 'layouts/ops.yaml'), ops);
  writeFileSync(
    join(fleet, 'devices.json'),
    JSON.stringify({ lobby: { token: LOBBY_TOKEN, layouts: ['marketing'] }, warehouse: { tokenFile: 'tokens/warehouse', layouts: ['ops'] } }),
  );
});

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(fleet, { recursive: true, force: true });
});

afterAll(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('examples/central-server.mjs', () => {
  it('refuses a device with an unknown token, and the admin routes without the admin token', async () => {
    const central = await startCentral();
    await expect(connectDevice(central.url, 'f'.repeat(64))).rejects.toThrow('HTTP 401');
    expect((await post(central, '/v1/points', { metric: 'x', points: [] }, LOBBY_TOKEN)).status).toBe(401);
    await stopCentral(central);
  });

  it('sends each device its own layouts and kept points on connect, and new points as they come', async () => {
    const central = await startCentral();
    const early = await post(central, '/v1/points', { series: { inbound_leads: [['2026-12-01T10:00:00Z', 5]], open_orders: [['2026-12-01T10:00:00Z', 40]] } });
    expect(early).toEqual({ status: 200, json: { accepted: 2, devices: 0 } });

    const lobby = await connectDevice(central.url, LOBBY_TOKEN);
    const layout = await lobby.next('layout');
    expect(layout).toMatchObject({ type: 'layout', name: 'marketing', layout: { grid: { columns: 2, rows: 1 } } });
    const kept = await lobby.next('points');
    // Only the metrics its layouts name: open_orders belongs to the warehouse screen.
    expect(kept.series).toEqual({ inbound_leads: [['2026-12-01T10:00:00Z', 5]] });

    const warehouse = await connectDevice(central.url, WAREHOUSE_TOKEN);
    expect(await warehouse.next('layout')).toMatchObject({ name: 'ops' });
    expect((await warehouse.next('points')).series).toEqual({ open_orders: [['2026-12-01T10:00:00Z', 40]] });

    await post(central, '/v1/points', { metric: 'inbound_leads', points: [['2026-12-02T10:00:00Z', 7]] });
    const fresh = await lobby.next('points');
    expect(fresh.series).toEqual({ inbound_leads: [['2026-12-02T10:00:00Z', 7]] });
    lobby.socket.send(JSON.stringify({ type: 'ack', id: fresh.id, accepted: 1 }));
    warehouse.socket.send(JSON.stringify({ type: 'error', id: 'c999', code: 'invalid', message: 'made up' }));
    const status = await until('the ack', async () => {
      const list = await devices(central);
      return (list.lobby?.lastAck as { id?: string } | null)?.id === fresh.id ? list : undefined;
    });
    expect(status.lobby).toMatchObject({ connected: true, layouts: ['marketing'] });
    await until('the error in the log', async () => (central.output().includes('device warehouse refused') ? true : undefined));
    lobby.socket.close();
    warehouse.socket.close();
    await stopCentral(central);
  });

  it('pushes a changed layout file to the devices that show it', async () => {
    const central = await startCentral();
    const lobby = await connectDevice(central.url, LOBBY_TOKEN);
    await lobby.next('layout');
    writeFileSync(join(fleet, 'layouts/marketing.yaml'), marketing.replace('columns: 2', 'columns: 3'));
    const changed = await lobby.next('layout');
    expect(changed).toMatchObject({ name: 'marketing', layout: { grid: { columns: 3 } } });
    lobby.socket.close();
    await stopCentral(central);
  });

  it('keeps points across its own restart', async () => {
    const first = await startCentral();
    await post(first, '/v1/points', { metric: 'inbound_leads', points: [['2026-12-01T10:00:00Z', 9]] });
    await stopCentral(first);
    const second = await startCentral();
    const lobby = await connectDevice(second.url, LOBBY_TOKEN);
    expect((await lobby.next('points')).series).toEqual({ inbound_leads: [['2026-12-01T10:00:00Z', 9]] });
    lobby.socket.close();
    await stopCentral(second);
  });

  it('feeds a real kpi-signage daemon that dials out to it: the device acks the layout and the points', async () => {
    const central = await startCentral();
    await post(central, '/v1/points', { metric: 'inbound_leads', points: [['2026-12-01T10:00:00Z', 5], ['2026-12-02T10:00:00Z', 8]] });
    const device = join(fleet, 'device');
    for (const dir of ['layouts', 'data', 'state']) mkdirSync(join(device, dir), { recursive: true });
    writeFileSync(join(device, 'token'), `${LOBBY_TOKEN}\n`);
    const daemon = spawn(
      process.execPath,
      [join(repo, 'bin/kpi-signage.js'), 'run', '--layouts', join(device, 'layouts'), '--data', join(device, 'data'), '--state', join(device, 'state'),
        '--output', `png:${join(device, 'screen.png')}`, '--listen', '127.0.0.1:0', '--token-file', join(device, 'token'), '--connect', central.url],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    running.push(daemon);
    let log = '';
    daemon.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    daemon.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const lobby = await until('the daemon to ack the layout and the points', async () => {
      const entry = (await devices(central)).lobby;
      if (daemon.exitCode !== null) throw new Error(`the daemon exited ${daemon.exitCode}:\n${log}`);
      return entry !== undefined && Number(entry.acked) >= 2 && entry.pending === 0 ? entry : undefined;
    }).catch((error: Error) => {
      throw new Error(`${error.message}\ncentral:\n${central.output()}\ndaemon:\n${log}`);
    });
    expect(lobby).toMatchObject({ connected: true, lastError: null });
    expect(readFileSync(join(device, 'token'), 'utf8').trim()).toBe(LOBBY_TOKEN);
    daemon.kill('SIGTERM');
    await stopCentral(central);
  });
});
