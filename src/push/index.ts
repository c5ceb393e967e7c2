/** The push side of the daemon: server, dial-out client, shared handler, limits, error codes. */
export { createPushServer, WS_PATH, type PushServer, type PushServerOptions } from './server.js';
export { startDialOut, type DialOut, type DialOutOptions } from './dial-out.js';
export { createMessageHandler, type HandlerOptions, type MessageHandler } from './handler.js';
export { DEFAULT_LIMITS, DEFAULT_BACKOFF, resolveLimits, backoffDelay, type PushLimits, type BackoffSettings } from './limits.js';
export { HTTP_STATUS, type ErrorCode, type Reply, type AckReply, type ErrorReply } from './errors.js';
