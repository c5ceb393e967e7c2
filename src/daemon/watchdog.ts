/**
 * The systemd watchdog, fed by the render loop: WATCHDOG=1 every half WATCHDOG_USEC, but only
 * while the loop is healthy (no frame stuck waiting or drawing). A blocked event loop sends
 * nothing either, since the timer cannot fire; either way systemd restarts the service.
 */
import type { FrameLoop } from './frame-loop.js';
import type { Notifier } from './sd-notify.js';

export interface WatchdogLogger {
  warn(object: object, message: string): void;
}

/** Pings systemd from the render loop's health, at half the watchdog interval. */
export class Watchdog {
  private timer: NodeJS.Timeout | null = null;
  private wasHealthy = true;

  constructor(
    private readonly notifier: Notifier,
    private readonly loop: FrameLoop,
    /** WATCHDOG_USEC in ms, or null when the unit has no watchdog. */
    private readonly intervalMs: number | null,
    private readonly logger?: WatchdogLogger,
  ) {}

  /** Starts pinging (a no-op without a watchdog interval or notify socket). */
  start(): void {
    if (this.intervalMs === null || !this.notifier.enabled) return;
    const every = Math.max(1, Math.floor(this.intervalMs / 2));
    this.ping(every);
    this.timer = setInterval(() => this.ping(every), every);
  }

  /** Stops pinging. */
  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private ping(stuckAfterMs: number): void {
    // Pings begin after the first frame (READY=1 goes first); a loop that never drew is not alive.
    if (this.loop.framesCompleted === 0) return;
    const healthy = this.loop.healthy(stuckAfterMs);
    if (healthy) this.notifier.watchdog();
    else if (this.wasHealthy) this.logger?.warn({ stuckAfterMs }, 'render loop stuck: watchdog pings withheld so systemd restarts the service');
    this.wasHealthy = healthy;
  }
}
