// Helpers for the push tests: a real server on loopback port 0 over a real SQLite file in a temp
// directory, and a WebSocket client that waits for replies.
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { RawPoint } from '../../src/core/types.js';
import type { Layout } from '../../src/layout/types.js';
import { PointStore, openPointStore, stateDbPath } from '../../src/store/db.js';
import { createPushServer, type PushServer, type PushServerOptions } from '../../src/push/server.js';

export const TOKEN = 'test-token-0123456789abcdef';

/** A small valid layout (as a pushed object). */
export const LAYOUT = {
  title: 'Pushed',
  screen: { width: 800, height: 480, timezone: 'Europe/Berlin', locale: 'en-US', rotate: 0 },
  grid: { columns: 2, rows: 1, gap: 8 },
  metrics: {
    inbound_leads: { label: 'Inbound leads', better: 'higher', aggregate: 'sum' },
    seo_rank: { label: 'SEO rank', better: 'lower', aggregate: 'last' },
  },
  kpis: { monthly_leads: { metric: 'inbound_leads', period: 'month', target: 100 } },
  tiles: [
    { kpi: 'monthly_leads', at: [0, 0] },
    { metric: 'seo_rank', at: [1, 0], view: 'sparkline' },
  ],
};

export interface Harness {
  readonly dir: string;
  readonly layoutsDir: string;
  readonly store: PointStore;
  readonly server: PushServer;
  readonly port: number;
  readonly url: string;
  readonly pointsSeen: { metrics: Set<string>; points: ReadonlyMap<string, readonly RawPoint[]> }[];
  readonly layoutsSeen: { layout: Layout; file: string }[];
  close(): Promise<void>;
}

/** Starts a push server on 127.0.0.1, port 0, with its own state and layouts directories. */
export async function startHarness(options: Partial<PushServerOptions> = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-push-'));
  const layoutsDir = join(dir, 'layouts');
  mkdirSync(layoutsDir);
  const store = openPointStore(join(dir, 'state'));
  const pointsSeen: Harness['pointsSeen'] = [];
  const layoutsSeen: Harness['layoutsSeen'] = [];
  const server = createPushServer({
    store,
    token: TOKEN,
    layoutsDir,
    timeZone: 'Europe/Berlin',
    onPoints: (metrics, points) => pointsSeen.push({ metrics, points }),
    onLayout: (layout, file) => layoutsSeen.push({ layout, file }),
    ...options,
  });
  const { port } = await server.listen('127.0.0.1', 0);
  return {
    dir,
    layoutsDir,
    store,
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    pointsSeen,
    layoutsSeen,
    async close() {
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Rows in the SQLite file read through a second connection: what is on disk. */
export function rowsOnDisk(harness: Harness, metric: string): [number, number | null][] {
  const db = new Database(stateDbPath(join(harness.dir, 'state')), { readonly: true });
  try {
    return db
      .prepare('SELECT p.t, p.v FROM points p JOIN metrics m ON m.id = p.metric_id WHERE m.name = ? ORDER BY p.t')
      .raw(true)
      .all(metric) as [number, number | null][];
  } finally {
    db.close();
  }
}

/** A connected client whose incoming messages are queued, read in order with next(). */
export class Client {
  private readonly queue: unknown[] = [];
  private readonly waiters: ((message: unknown) => void)[] = [];
  closed: { code: number } | null = null;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message: unknown = JSON.parse(data.toString());
      const waiter = this.waiters.shift();
      if (waiter !== undefined) waiter(message);
      else this.queue.push(message);
    });
    socket.on('close', (code) => {
      this.closed = { code };
    });
  }

  /** Connects with the token in the Authorization header (or as given in options). */
  static async connect(harness: Harness, options: { token?: string | null; protocols?: string[] } = {}): Promise<Client> {
    const token = options.token === undefined ? TOKEN : options.token;
    const headers: Record<string, string> = token === null ? {} : { Authorization: `Bearer ${token}` };
    const socket = new WebSocket(`ws://127.0.0.1:${harness.port}/v1/ws`, options.protocols ?? [], { headers });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    });
    return new Client(socket);
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' || Buffer.isBuffer(message) ? message : JSON.stringify(message));
  }

  /** The next message from the server. */
  next(): Promise<any> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Sends and waits for the reply. */
  async request(message: unknown): Promise<any> {
    this.send(message);
    return this.next();
  }

  close(): void {
    this.socket.close();
  }
}

/** Waits until `condition` holds (checked every 10 ms); fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
