/**
 * The demo's simulated central server: a WebSocket server the demo device dials out to (as a
 * real device behind NAT would with `--connect`). It checks the device's bearer token, then
 * pushes a `series` message of changing marketing values every few seconds and counts the acks.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** How often the simulated server pushes new values (default 2 s). */
export const DEMO_PUSH_INTERVAL_MS = 2_000;

export interface DemoCentral {
  /** ws:// URL for `--connect`. */
  readonly url: string;
  /** Messages acknowledged by the device so far. */
  acks(): number;
  stop(): Promise<void>;
}

/** Where the example data ends (its last row), so pushed values continue it smoothly. */
export interface DemoStart {
  readonly conversion_rate: number;
  readonly email_subscribers: number;
  readonly seo_rank: number;
}

export const DEFAULT_DEMO_START: DemoStart = { conversion_rate: 0.015, email_subscribers: 5500, seo_rank: 4 };

/**
 * One tick of made-up but plausible values: now and then a lead or a visit (summed metrics grow),
 * conversion wobbles, the newsletter gains a subscriber every few ticks, the SEO rank drifts.
 */
export function demoValues(tick: number, start: DemoStart = DEFAULT_DEMO_START, random: () => number = Math.random): Record<string, number> {
  return {
    inbound_leads: random() < 0.2 ? 1 : 0,
    search_traffic: random() < 0.5 ? 1 : 0,
    conversion_rate: Math.round((start.conversion_rate * (1 + 0.1 * Math.sin(tick / 6)) + random() * 0.001) * 10_000) / 10_000,
    email_subscribers: start.email_subscribers + Math.floor(tick / 4),
    seo_rank: Math.round((start.seo_rank + Math.sin(tick / 9) * 0.4) * 10) / 10,
  };
}

/** Starts the simulated central server on a free loopback port. */
export async function startDemoCentral(options: { token: string; intervalMs?: number; start?: DemoStart; log?: (message: string) => void }): Promise<DemoCentral> {
  const log = options.log ?? (() => {});
  const http = createServer((_request, response) => {
    response.writeHead(426).end('WebSocket only\n');
  });
  const wss = new WebSocketServer({ noServer: true });
  let acked = 0;
  const timers = new Set<NodeJS.Timeout>();
  http.on('upgrade', (request, socket, head) => {
    if (request.headers.authorization !== `Bearer ${options.token}`) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws: WebSocket) => {
      log('device connected to the simulated central server');
      let tick = 0;
      const push = (): void => {
        const time = new Date().toISOString();
        const series = Object.fromEntries(Object.entries(demoValues(tick, options.start)).map(([metric, value]) => [metric, [[time, value]]]));
        ws.send(JSON.stringify({ type: 'points', id: `demo-${tick}`, series }));
        tick += 1;
      };
      ws.on('message', (data) => {
        const reply = JSON.parse(String(data)) as { type?: string; message?: string };
        if (reply.type === 'ack') acked += 1;
        else if (reply.type === 'error') log(`the device refused a push: ${reply.message ?? String(data)}`);
      });
      push();
      const timer = setInterval(push, options.intervalMs ?? DEMO_PUSH_INTERVAL_MS);
      timers.add(timer);
      ws.on('close', () => {
        clearInterval(timer);
        timers.delete(timer);
      });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/device`,
    acks: () => acked,
    async stop() {
      for (const timer of timers) clearInterval(timer);
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
