/**
 * One WebSocket peer, server side or dial-out side: text frames go through the shared handler,
 * each answered with an ack or an error while the connection keeps working; limits per message
 * and per second; pings drop a peer that stopped answering.
 */
import type { Logger } from 'pino';
import WebSocket from 'ws';
import { errorReply, type Reply } from './errors.js';
import type { MessageHandler } from './handler.js';
import { TokenBucket, type PushLimits } from './limits.js';
import { messageId } from './messages.js';

export interface Session {
  /** Stops the heartbeat (the socket is closed by its owner). */
  stop(): void;
}

/** Wires a socket to the handler. */
export function attachSession(socket: WebSocket, handler: MessageHandler, limits: PushLimits, logger: Logger): Session {
  const bucket = new TokenBucket(limits.messagesPerSecond);
  let alive = true;

  const send = (reply: Reply): void => {
    if (socket.readyState !== WebSocket.OPEN) return;
    socket.send(JSON.stringify(reply), (error) => {
      if (error !== undefined && error !== null) logger.debug({ err: error }, 'reply not sent');
    });
  };

  socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
    alive = true;
    // ws hands over a Buffer (binaryType 'nodebuffer'): read it in place rather than copy every message.
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (isBinary) {
      send(errorReply(null, 'invalid', 'binary frames are not accepted; send each message as a JSON text frame'));
      return;
    }
    if (bytes.length > limits.maxPayloadBytes) {
      send(errorReply(null, 'too_large', `message of ${bytes.length} bytes; at most ${limits.maxPayloadBytes} (maxPayloadBytes): split it`));
      return;
    }
    if (!bucket.take()) {
      send(errorReply(idHint(bytes), 'rate_limited', `more than ${limits.messagesPerSecond} messages per second (messagesPerSecond); slow down or batch points with "series"`));
      return;
    }
    void handler.handleText(bytes.toString('utf8')).then(send);
  });
  socket.on('pong', () => {
    alive = true;
  });
  socket.on('error', (error) => logger.warn({ err: error }, 'websocket error'));

  const heartbeat = setInterval(() => {
    if (!alive) {
      logger.info('peer did not answer the last ping; dropping the connection');
      socket.terminate();
      return;
    }
    alive = false;
    if (socket.readyState === WebSocket.OPEN) socket.ping();
  }, limits.pingIntervalMs);
  heartbeat.unref();
  socket.on('close', () => clearInterval(heartbeat));

  return {
    stop() {
      clearInterval(heartbeat);
    },
  };
}

/** The id of a refused message if it is cheap to find (a small message that parses). */
function idHint(bytes: Buffer): string | null {
  if (bytes.length > 4096) return null;
  try {
    return messageId(JSON.parse(bytes.toString('utf8')));
  } catch {
    return null;
  }
}
