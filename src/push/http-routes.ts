/**
 * The HTTP routes beside the WebSocket: `POST /v1/points`, `PUT /v1/layouts/<name>`,
 * `GET /v1/health`, `GET /v1/snapshot.png` and the preview page `/`. Every route needs the
 * token; bodies go through the same handler as WebSocket messages.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { isAuthorized, previewCookie, tokenMatches } from './auth.js';
import { HTTP_STATUS, errorReply, type Reply } from './errors.js';
import type { MessageHandler } from './handler.js';
import { TokenBucket, type PushLimits } from './limits.js';
import { messageId } from './messages.js';
import { previewPage } from './preview.js';

/** Client addresses remembered for HTTP rate limiting before the table is cleared. */
export const MAX_RATE_LIMITED_CLIENTS = 1_000;

export interface RouteOptions {
  readonly token: string;
  readonly handler: MessageHandler;
  readonly limits: PushLimits;
  readonly logger: Logger;
  readonly health: () => object;
  readonly snapshot: () => Buffer | null;
  readonly previewPollMs?: number;
}

class BodyTooLarge extends Error {}

/** Reads a request body up to `limit` bytes. */
function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? '0');
    if (declared > limit) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        request.pause();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** A URL path segment decoded, or as it is when its escapes are broken (the name check refuses it then). */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = `${JSON.stringify(body)}\n`;
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store', ...headers });
  response.end(text);
}

function sendReply(response: ServerResponse, reply: Reply): void {
  sendJson(response, reply.type === 'ack' ? 200 : HTTP_STATUS[reply.code], reply);
}

/** The request handler for the HTTP routes. */
export function createRoutes(options: RouteOptions): (request: IncomingMessage, response: ServerResponse) => void {
  const { handler, limits, logger } = options;
  let buckets = new Map<string, TokenBucket>();
  const allowed = (address: string): boolean => {
    let bucket = buckets.get(address);
    if (bucket === undefined) {
      if (buckets.size >= MAX_RATE_LIMITED_CLIENTS) buckets = new Map();
      bucket = new TokenBucket(limits.httpRequestsPerSecond);
      buckets.set(address, bucket);
    }
    return bucket.take();
  };

  async function ingest(request: IncomingMessage, response: ServerResponse, route: (body: string) => Promise<Reply>): Promise<void> {
    let body: string;
    try {
      body = await readBody(request, limits.maxPayloadBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        sendJson(response, 413, errorReply(null, 'too_large', `body larger than ${limits.maxPayloadBytes} bytes (maxPayloadBytes): split it`), { Connection: 'close' });
        return;
      }
      throw error;
    }
    sendReply(response, await route(body));
  }

  function pushPoints(body: string): Promise<Reply> {
    let message: unknown;
    try {
      message = JSON.parse(body);
    } catch (error) {
      return Promise.resolve(errorReply(null, 'invalid', `the body is not JSON (${error instanceof Error ? error.message : String(error)})`));
    }
    // `type` may be left out over HTTP: the route says what it is.
    if (message !== null && typeof message === 'object' && !Array.isArray(message) && !('type' in message)) message = { type: 'points', ...message };
    return handler.handle(message);
  }

  /** A layout message, a JSON layout (saved as .json) or a YAML layout (saved as .yaml). */
  function putLayout(name: string, body: string): Promise<Reply> {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      // Not JSON: YAML, whose parser reports any problem with line:column.
      return handler.handleLayoutText(name, body, 'yaml');
    }
    const message = json !== null && typeof json === 'object' ? (json as Record<string, unknown>) : {};
    if (message.type === 'layout' && 'layout' in message) {
      if (message.name !== undefined && message.name !== name) {
        return Promise.resolve(errorReply(messageId(message), 'invalid', `the body names layout "${String(message.name)}" but the URL says "${name}"`, { path: 'name' }));
      }
      return handler.handle({ ...message, name });
    }
    return handler.handleLayoutText(name, body, 'json');
  }

  function snapshot(request: IncomingMessage, response: ServerResponse): void {
    const png = options.snapshot();
    if (png === null) {
      sendJson(response, 503, { error: 'no frame drawn yet' }, { 'Retry-After': '1' });
      return;
    }
    const etag = `"${createHash('sha1').update(png).digest('base64url')}"`;
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, { ETag: etag, 'Cache-Control': 'no-cache' });
      response.end();
      return;
    }
    response.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': png.length, ETag: etag, 'Cache-Control': 'no-cache' });
    response.end(png);
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://device');
    const method = request.method ?? 'GET';
    const previewPath = url.pathname === '/' || url.pathname === '/index.html';
    const linkToken = previewPath ? url.searchParams.get('token') : null;
    if (linkToken !== null && tokenMatches(linkToken, options.token)) {
      // A preview link with the token: keep it in a cookie and drop it from the address bar.
      response.writeHead(303, { Location: '/', 'Set-Cookie': previewCookie(options.token), 'Cache-Control': 'no-store' });
      response.end();
      return;
    }
    if (!isAuthorized(request, options.token)) {
      // The preview page challenges with Basic so a browser asks for the token (any user name,
      // token as password) and then sends it with the page's own requests; the API says Bearer.
      const challenge = previewPath ? 'Basic realm="kpi-signage", charset="UTF-8"' : 'Bearer realm="kpi-signage"';
      sendJson(response, 401, errorReply(null, 'unauthorized', 'missing or wrong token: send "Authorization: Bearer <token>"'), { 'WWW-Authenticate': challenge });
      return;
    }
    if (!allowed(request.socket.remoteAddress ?? 'unknown')) {
      sendJson(response, 429, errorReply(null, 'rate_limited', `more than ${limits.httpRequestsPerSecond} requests per second (httpRequestsPerSecond); slow down or batch points`), { 'Retry-After': '1' });
      return;
    }
    const path = url.pathname;
    const layoutMatch = /^\/v1\/layouts\/([^/]+)$/.exec(path);
    const expect = (allowedMethod: string): boolean => {
      if (method === allowedMethod || (allowedMethod === 'GET' && method === 'HEAD')) return true;
      sendJson(response, 405, { error: `${path} takes ${allowedMethod}` }, { Allow: allowedMethod });
      return false;
    };
    if (previewPath) {
      if (!expect('GET')) return;
      const html = previewPage(options.previewPollMs);
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html), 'Cache-Control': 'no-store' });
      response.end(html);
    } else if (path === '/v1/health') {
      if (expect('GET')) sendJson(response, 200, options.health());
    } else if (path === '/v1/snapshot.png') {
      if (expect('GET')) snapshot(request, response);
    } else if (path === '/v1/points') {
      if (expect('POST')) await ingest(request, response, pushPoints);
    } else if (layoutMatch !== null) {
      if (expect('PUT')) await ingest(request, response, (body) => putLayout(safeDecode(layoutMatch[1]!), body));
    } else {
      sendJson(response, 404, { error: `no route ${path}; see /v1/points, /v1/layouts/<name>, /v1/health, /v1/snapshot.png, /v1/ws` });
    }
  }

  return (request, response) => {
    route(request, response).catch((error: unknown) => {
      logger.error({ err: error }, 'http route failed');
      if (!response.headersSent) sendJson(response, 500, errorReply(null, 'internal', 'the device could not handle the request'));
      else response.destroy();
    });
  };
}
