/**
 * The dial-out client (`--connect wss://…`): a device behind NAT connects to a central server
 * with its token, takes the same messages the push server takes, acks them the same way, and
 * reconnects with exponential backoff and full jitter when the connection drops.
 */
import pino, { type Logger } from 'pino';
import WebSocket from 'ws';
import type { MessageHandler } from './handler.js';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffSettings } from './limits.js';
import { attachSession } from './session.js';

/** How long a connection must stay up before the backoff starts again from the initial delay. */
export const STABLE_CONNECTION_MS = 10_000;

export interface DialOutOptions {
  /** ws:// or wss:// URL of the central server. */
  readonly url: string;
  /** Sent as `Authorization: Bearer <token>`. */
  readonly token: string;
  /** The same handler the push server uses (server.handler, or createMessageHandler). */
  readonly handler: MessageHandler;
  readonly backoff?: Partial<BackoffSettings>;
  /** How long a connection attempt may take. */
  readonly connectTimeoutMs?: number;
  readonly logger?: Logger;
  /** Told when the connection opens or closes (health, logs). */
  readonly onState?: (state: 'connected' | 'disconnected', detail: { attempt: number; nextDelayMs?: number; reason?: string }) => void;
}

export interface DialOut {
  /** Stops reconnecting and closes the connection. */
  stop(): Promise<void>;
  /** True while connected. */
  connected(): boolean;
}

/** Starts dialing out; keeps a connection up until stop(). */
export function startDialOut(options: DialOutOptions): DialOut {
  const logger = options.logger ?? pino({ level: 'silent' });
  const backoff: BackoffSettings = { ...DEFAULT_BACKOFF, ...options.backoff };
  const limits = options.handler.limits;
  let socket: WebSocket | null = null;
  let open = false;
  let stopped = false;
  let attempt = 0;
  let retryTimer: NodeJS.Timeout | null = null;
  let openedAt = 0;

  const connect = (): void => {
    retryTimer = null;
    if (stopped) return;
    const ws = new WebSocket(options.url, {
      headers: { Authorization: `Bearer ${options.token}` },
      maxPayload: limits.maxFrameBytes,
      perMessageDeflate: false,
      handshakeTimeout: options.connectTimeoutMs ?? 15_000,
    });
    socket = ws;
    let reason = '';
    const session = attachSession(ws, options.handler, limits, logger);
    ws.on('open', () => {
      open = true;
      openedAt = Date.now();
      logger.info({ url: options.url }, 'dial-out connected');
      options.onState?.('connected', { attempt });
    });
    ws.on('unexpected-response', (_request, response) => {
      reason = `HTTP ${response.statusCode}${response.statusCode === 401 ? ' (the central server refused the token)' : ''}`;
      ws.terminate();
    });
    ws.on('error', (error) => {
      // The first cause is the useful one (a refused token, not the abort that follows it).
      if (reason === '') reason = error.message;
    });
    ws.on('close', (code) => {
      session.stop();
      const wasOpen = open;
      open = false;
      socket = null;
      if (stopped) return;
      if (wasOpen && Date.now() - openedAt >= STABLE_CONNECTION_MS) attempt = 0;
      const delay = backoffDelay(attempt, backoff);
      attempt++;
      const why = reason || `closed (${code})`;
      logger.warn({ url: options.url, reason: why, retryInMs: delay }, 'dial-out connection lost; reconnecting');
      options.onState?.('disconnected', { attempt, nextDelayMs: delay, reason: why });
      retryTimer = setTimeout(connect, delay);
    });
  };

  connect();

  return {
    connected: () => open,
    async stop() {
      stopped = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      const ws = socket;
      if (ws === null) return;
      await options.handler.idle();
      await new Promise<void>((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        ws.once('close', () => resolve());
        if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
        else ws.close(1001, 'device shutting down');
        setTimeout(() => ws.terminate(), 2_000).unref();
      });
    },
  };
}
