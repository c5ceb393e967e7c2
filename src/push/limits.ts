/**
 * Every limit of the push server and the dial-out client, each a named setting with a default
 * (docs/PROTOCOL.md lists them). Callers override any subset.
 */

export interface PushLimits {
  /** Largest message (WebSocket text frame or HTTP body) answered normally; bigger → `too_large`. */
  readonly maxPayloadBytes: number;
  /** Largest WebSocket frame read at all; a bigger one closes the connection (1009). */
  readonly maxFrameBytes: number;
  /** Most points in one message (all metrics of a `series` together); more → `too_large`. */
  readonly maxPointsPerMessage: number;
  /** Most metrics in one `series` message. */
  readonly maxMetricsPerMessage: number;
  /** Concurrent WebSocket connections; more are refused with HTTP 503 before the upgrade. */
  readonly maxConnections: number;
  /** Messages per second per connection (token bucket, burst of the same size); more → `rate_limited`. */
  readonly messagesPerSecond: number;
  /** HTTP requests per second per client address, same bucket rule; more → 429 `rate_limited`. */
  readonly httpRequestsPerSecond: number;
  /** Interval of WebSocket pings; a peer that has not answered the previous ping is dropped. */
  readonly pingIntervalMs: number;
  /** How long an HTTP request may take to send its body. */
  readonly requestTimeoutMs: number;
}

/** The defaults (docs/PROTOCOL.md, "Limits"): sized for a Pi on a LAN fed by one central server and a few scripts. */
export const DEFAULT_LIMITS: PushLimits = {
  maxPayloadBytes: 1_048_576,
  maxFrameBytes: 4_194_304,
  maxPointsPerMessage: 10_000,
  maxMetricsPerMessage: 1_000,
  maxConnections: 32,
  messagesPerSecond: 200,
  httpRequestsPerSecond: 50,
  pingIntervalMs: 30_000,
  requestTimeoutMs: 30_000,
};

/** The defaults with the given settings on top. */
export function resolveLimits(overrides: Partial<PushLimits> = {}): PushLimits {
  const limits = { ...DEFAULT_LIMITS, ...overrides };
  if (limits.maxFrameBytes < limits.maxPayloadBytes) limits.maxFrameBytes = limits.maxPayloadBytes;
  return limits;
}

/** Reconnect timing of the dial-out client: exponential backoff with full jitter. */
export interface BackoffSettings {
  /** First delay before a reconnect. */
  readonly initialMs: number;
  /** Ceiling of the delay. */
  readonly maxMs: number;
  /** Growth per failed attempt. */
  readonly factor: number;
}

/** 1 s doubling up to 60 s: a restarted central server is back within a minute without a thundering herd. */
export const DEFAULT_BACKOFF: BackoffSettings = { initialMs: 1_000, maxMs: 60_000, factor: 2 };

/**
 * The delay before reconnect attempt `attempt` (0 = first): "full jitter", a uniform random
 * delay in [0, min(max, initial × factor^attempt)), so many devices do not reconnect in step.
 */
export function backoffDelay(attempt: number, settings: BackoffSettings = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(settings.maxMs, settings.initialMs * settings.factor ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}

/**
 * A token bucket: `rate` tokens per second, holding at most `rate` (one second of burst).
 * `take()` is false when the bucket is empty.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.tokens = rate;
    this.last = clock();
  }

  /** Takes one token if there is one. */
  take(): boolean {
    const now = this.clock();
    this.tokens = Math.min(this.rate, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
