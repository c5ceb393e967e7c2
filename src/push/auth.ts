/**
 * Bearer-token checks for the push server: the token from an `Authorization: Bearer` header,
 * a `bearer.<token>` WebSocket subprotocol (browsers cannot set headers), or HTTP Basic auth
 * with the token as password (so the preview page works from a browser's login prompt), or the
 * preview cookie a browser gets by opening `/?token=<token>` once.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The cookie that carries the token for a browser that opened `/?token=…` (HttpOnly, SameSite=Strict). */
export const PREVIEW_COOKIE = 'kpi_signage_token';

/** The subprotocol prefix that carries a token: `bearer.<token>`. */
export const BEARER_SUBPROTOCOL_PREFIX = 'bearer.';

/** Constant-time token comparison: both sides are hashed to equal-length digests first. */
export function tokenMatches(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && expected.length > 0;
}

/** The subprotocols a WebSocket client offered, in its order. */
export function offeredSubprotocols(request: IncomingMessage): string[] {
  const header = request.headers['sec-websocket-protocol'];
  if (typeof header !== 'string') return [];
  return header.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
}

/** The Set-Cookie value that lets a browser's own requests (image, polling) carry the token. */
export function previewCookie(token: string): string {
  return `${PREVIEW_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
}

/** The token a request carries (header, Basic password, subprotocol or preview cookie), or null. */
export function tokenOf(request: IncomingMessage): string | null {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (bearer !== null) return bearer[1]!;
    const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization);
    if (basic !== null) {
      const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      return colon >= 0 ? decoded.slice(colon + 1) : decoded;
    }
  }
  for (const protocol of offeredSubprotocols(request)) {
    if (protocol.startsWith(BEARER_SUBPROTOCOL_PREFIX)) return protocol.slice(BEARER_SUBPROTOCOL_PREFIX.length);
  }
  const cookie = request.headers.cookie;
  if (typeof cookie === 'string') {
    for (const part of cookie.split(';')) {
      const [name, ...rest] = part.trim().split('=');
      if (name === PREVIEW_COOKIE) {
        try {
          return decodeURIComponent(rest.join('='));
        } catch {
          return null;
        }
      }
    }
  }
  return null;
}

/** True when the request carries the right token. */
export function isAuthorized(request: IncomingMessage, expected: string): boolean {
  const token = tokenOf(request);
  return token !== null && tokenMatches(token, expected);
}

/**
 * The subprotocol the server answers with: an offered one that is not a token if there is
 * one (so the token is not echoed), else the `bearer.` one (browsers need an answer), else none.
 */
export function chooseSubprotocol(offered: ReadonlySet<string>): string | false {
  const list = [...offered];
  return list.find((protocol) => !protocol.startsWith(BEARER_SUBPROTOCOL_PREFIX)) ?? list[0] ?? false;
}
