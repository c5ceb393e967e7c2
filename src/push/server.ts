/**
 * The push server: HTTP routes and the WebSocket endpoint `/v1/ws` on one port. The upgrade
 * is a ladder of early returns, each refusing with an HTTP status before any WebSocket exists
 * (404 wrong path, 401 no or wrong token, 503 too many connections).
 */
import { STATUS_CODES, createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import pino, { type Logger } from 'pino';
import WebSocket, { WebSocketServer } from 'ws';
import { chooseSubprotocol, isAuthorized } from './auth.js';
import { createMessageHandler, type HandlerOptions, type MessageHandler } from './handler.js';
import { createRoutes } from './http-routes.js';
import { attachSession } from './session.js';

/** The WebSocket path. */
export const WS_PATH = '/v1/ws';
/**
 * How long close() waits for peers to answer the close handshake before it cuts them off: a peer
 * gone silent (a dropped NAT mapping) must not hold the daemon's stop past its per-part timeout (3 s).
 */
export const CLOSE_GRACE_MS = 2_000;

export interface PushServerOptions extends HandlerOptions {
  /** The bearer token every request and connection must carry. */
  readonly token: string;
  /** Extra fields for GET /v1/health (page shown, last frame time, last errors…). */
  readonly health?: () => object;
  /** The PNG the screen shows now, or null before the first frame. */
  readonly snapshot?: () => Buffer | null;
  /** How often the preview page polls for a new frame. */
  readonly previewPollMs?: number;
}

export interface PushServer {
  /** Starts listening; port 0 picks a free port. */
  listen(host: string, port: number): Promise<{ host: string; port: number }>;
  /** Stops accepting, answers what is in flight, closes every connection. */
  close(): Promise<void>;
  /** Open WebSocket connections. */
  connections(): number;
  /** The shared message handler (the dial-out client uses the same one). */
  readonly handler: MessageHandler;
}

/** Answers an upgrade request with a plain HTTP error and closes the socket. */
function refuse(socket: Duplex, status: number, message: string, headers: Record<string, string> = {}): void {
  const body = `${JSON.stringify({ type: 'error', id: null, code: status === 401 ? 'unauthorized' : status === 503 ? 'rate_limited' : 'invalid', message })}\n`;
  const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`, 'Connection: close', 'Content-Type: application/json; charset=utf-8', `Content-Length: ${Buffer.byteLength(body)}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
}

/** Builds the push server (not listening yet). */
export function createPushServer(options: PushServerOptions): PushServer {
  if (options.token.length === 0) throw new Error('the push server needs a non-empty token (--token-file)');
  const logger: Logger = options.logger ?? pino({ level: 'silent' });
  const handler = createMessageHandler({ ...options, logger });
  const limits = handler.limits;
  const startedAt = Date.now();
  const sockets = new Set<WebSocket>();

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxFrameBytes,
    perMessageDeflate: false,
    clientTracking: false,
    handleProtocols: (offered) => chooseSubprotocol(offered),
  });

  const health = (): object => ({
    ...(options.health?.() ?? {}),
    push: { uptimeSeconds: Math.round((Date.now() - startedAt) / 1000), connections: sockets.size },
  });
  const routes = createRoutes({ token: options.token, handler, limits, logger, health, snapshot: options.snapshot ?? (() => null), previewPollMs: options.previewPollMs });
  const server: Server = createServer({ requestTimeout: limits.requestTimeoutMs }, routes);

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (error) => logger.debug({ err: error }, 'upgrade socket error'));
    const path = new URL(request.url ?? '/', 'http://device').pathname;
    if (path !== WS_PATH) return refuse(socket, 404, `WebSocket endpoint is ${WS_PATH}`);
    if (!isAuthorized(request, options.token)) {
      return refuse(socket, 401, 'missing or wrong token: send "Authorization: Bearer <token>" or subprotocol "bearer.<token>"', { 'WWW-Authenticate': 'Bearer realm="kpi-signage"' });
    }
    if (sockets.size >= limits.maxConnections) return refuse(socket, 503, `already ${limits.maxConnections} connections (maxConnections); try again later`, { 'Retry-After': '5' });
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      const session = attachSession(ws, handler, limits, logger);
      logger.info({ remote: request.socket.remoteAddress, connections: sockets.size }, 'push connection opened');
      ws.on('close', () => {
        sockets.delete(ws);
        session.stop();
        logger.info({ connections: sockets.size }, 'push connection closed');
      });
    });
  });
  server.on('clientError', (error, socket) => {
    logger.debug({ err: error }, 'bad HTTP request');
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });

  return {
    handler,
    connections: () => sockets.size,
    listen(host, port) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          logger.info({ host: address.address, port: address.port }, 'push server listening');
          resolve({ host: address.address, port: address.port });
        });
      });
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await handler.idle();
      for (const ws of sockets) ws.close(1001, 'device shutting down');
      const deadline = setTimeout(() => {
        for (const ws of sockets) ws.terminate();
        server.closeAllConnections();
      }, CLOSE_GRACE_MS);
      deadline.unref();
      await closed;
      clearTimeout(deadline);
      wss.close();
    },
  };
}
