import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDialOut, type DialOut } from '../../src/push/dial-out.js';
import { createMessageHandler } from '../../src/push/handler.js';
import { backoffDelay, DEFAULT_BACKOFF } from '../../src/push/limits.js';
import { openPointStore, type PointStore } from '../../src/store/db.js';
import { TOKEN, waitFor } from './helpers.js';

/** A stand-in for the central server: accepts devices with the right token, remembers who is connected. */
class Central {
  readonly devices: WebSocket[] = [];
  readonly authorizations: (string | undefined)[] = [];
  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    readonly port: number,
  ) {}

  static async start(port = 0): Promise<Central> {
    const http = createServer();
    const wss = new WebSocketServer({ noServer: true });
    await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', () => resolve()));
    const central = new Central(http, wss, (http.address() as AddressInfo).port);
    http.on('upgrade', (request, socket, head) => {
      central.authorizations.push(request.headers.authorization);
      if (request.headers.authorization !== `Bearer ${TOKEN}`) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => central.devices.push(ws));
    });
    return central;
  }

  /** Sends a message to the newest device and waits for its reply. */
  request(message: unknown): Promise<any> {
    const device = this.devices[this.devices.length - 1]!;
    return new Promise((resolve) => {
      device.once('message', (data) => resolve(JSON.parse(data.toString())));
      device.send(JSON.stringify(message));
    });
  }

  /** Stops the server and drops every device (a restart or a crash of the central side). */
  async stop(): Promise<void> {
    for (const device of this.devices) device.terminate();
    this.wss.close();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}

describe('dial-out client', () => {
  let dir: string;
  let store: PointStore;
  let dialOut: DialOut | undefined;
  let centrals: Central[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kpi-dial-'));
    mkdirSync(join(dir, 'layouts'));
    store = openPointStore(join(dir, 'state'));
  });
  afterEach(async () => {
    await dialOut?.stop();
    dialOut = undefined;
    for (const central of centrals) await central.stop().catch(() => undefined);
    centrals = [];
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('connects with its token, takes the same messages, acks once durable, and reconnects after the server restarts', async () => {
    const first = await Central.start();
    centrals.push(first);
    const seen: string[] = [];
    const handler = createMessageHandler({ store, timeZone: 'UTC', layoutsDir: join(dir, 'layouts'), onPoints: (metrics) => seen.push(...metrics) });
    const states: string[] = [];
    dialOut = startDialOut({ url: `ws://127.0.0.1:${first.port}/devices`, token: TOKEN, handler, backoff: { initialMs: 50, maxMs: 200 }, onState: (state) => states.push(state) });
    await waitFor(() => first.devices.length === 1 && dialOut!.connected(), 'the device to dial in');
    expect(first.authorizations).toEqual([`Bearer ${TOKEN}`]);

    expect(await first.request({ type: 'points', id: 'c1', metric: 'inbound_leads', points: [['2026-12-03T10:00:00Z', 5]] })).toEqual({ type: 'ack', id: 'c1', accepted: 1 });
    expect(store.pointsOf('inbound_leads')).toEqual([{ t: Date.parse('2026-12-03T10:00:00Z'), v: 5 }]);
    expect(await first.request({ type: 'points', id: 'c2', metric: 'x', points: [['soon', 5]] })).toMatchObject({ type: 'error', id: 'c2', code: 'invalid', path: 'points[0][0]' });

    const port = first.port;
    await first.stop();
    await waitFor(() => !dialOut!.connected(), 'the device to notice');
    const second = await Central.start(port);
    centrals.push(second);
    await waitFor(() => second.devices.length === 1 && dialOut!.connected(), 'the device to reconnect');
    expect(await second.request({ type: 'points', id: 'c3', metric: 'inbound_leads', points: [['2026-12-03T11:00:00Z', 6]] })).toEqual({ type: 'ack', id: 'c3', accepted: 1 });
    expect(store.pointsOf('inbound_leads')).toHaveLength(2);
    expect(seen).toEqual(['inbound_leads', 'inbound_leads']);
    expect(states[0]).toBe('connected');
    expect(states[1]).toBe('disconnected');
    expect(states[states.length - 1]).toBe('connected');
  });

  it('keeps retrying, and says why, while the central server refuses the token', async () => {
    const central = await Central.start();
    centrals.push(central);
    const handler = createMessageHandler({ store, timeZone: 'UTC' });
    const reasons: string[] = [];
    dialOut = startDialOut({ url: `ws://127.0.0.1:${central.port}/`, token: 'wrong-token', handler, backoff: { initialMs: 10, maxMs: 20 }, onState: (_state, detail) => reasons.push(detail.reason ?? '') });
    await waitFor(() => central.authorizations.length >= 3, 'three attempts');
    expect(dialOut.connected()).toBe(false);
    expect(reasons[0]).toContain('401');
  });

  it('waits a full-jitter backoff: uniform below min(max, initial × factor^attempt)', () => {
    expect(backoffDelay(0, DEFAULT_BACKOFF, () => 0.999)).toBeLessThan(1_000);
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0.999)).toBe(7_992);
    expect(backoffDelay(30, DEFAULT_BACKOFF, () => 0.999)).toBe(59_940);
    expect(backoffDelay(5, DEFAULT_BACKOFF, () => 0)).toBe(0);
    expect(DEFAULT_BACKOFF).toEqual({ initialMs: 1_000, maxMs: 60_000, factor: 2 });
  });
});
