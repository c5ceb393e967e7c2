/**
 * The render loop's pacing: pushes may arrive at any rate, frames are drawn at most
 * `maxFramesPerSecond`, and a frame always draws the newest state (the draw callback reads it
 * when it runs). Nothing is drawn while nothing changes; the clock on screen ticks once a minute
 * from a timer armed to the next minute boundary, never by polling.
 */

export interface FrameLoopOptions {
  /** Upper bound on frames per second (default 10). */
  readonly maxFramesPerSecond?: number;
  /** Draws one frame from the current state. */
  readonly draw: (reasons: ReadonlySet<string>) => Promise<void>;
  /** Called when a frame throws; the loop keeps going. */
  readonly onError: (error: unknown) => void;
  /** Tick once a minute on the minute (default true): the clock and "updated 3 min ago" move. */
  readonly minuteTick?: boolean;
  readonly now?: () => number;
}

export const DEFAULT_MAX_FRAMES_PER_SECOND = 10;

/** Schedules frames: coalesces requests, bounds the rate, ticks on minute boundaries. */
export class FrameLoop {
  private pending = new Set<string>();
  private pendingSince: number | null = null;
  private drawing: Promise<void> | null = null;
  private drawStartedAt: number | null = null;
  /** Cancels the scheduled frame, or null when none is scheduled. */
  private timer: (() => void) | null = null;
  private minuteTimer: NodeJS.Timeout | null = null;
  private lastFrameStart = -Infinity;
  private running = false;
  /** Frames attempted and completed (success or error). */
  framesCompleted = 0;
  lastCompletedAt: number | null = null;

  constructor(private readonly options: FrameLoopOptions) {}

  private get now(): number {
    return (this.options.now ?? Date.now)();
  }

  private get minIntervalMs(): number {
    const fps = this.options.maxFramesPerSecond ?? DEFAULT_MAX_FRAMES_PER_SECOND;
    return fps > 0 ? 1000 / fps : 0;
  }

  /** Starts the minute tick; frames are drawn only after a request. */
  start(): void {
    this.running = true;
    if (this.options.minuteTick ?? true) this.armMinuteTick();
    if (this.pending.size > 0) this.schedule();
  }

  /** Stops ticking and waits for a frame in flight to finish (never starts a new one). */
  async stop(): Promise<void> {
    this.running = false;
    this.timer?.();
    if (this.minuteTimer !== null) clearTimeout(this.minuteTimer);
    this.timer = null;
    this.minuteTimer = null;
    if (this.drawing !== null) await this.drawing;
  }

  /** Asks for a frame; many requests before the next frame make one frame. */
  request(reason: string): void {
    this.pending.add(reason);
    if (this.pendingSince === null) this.pendingSince = this.now;
    if (this.running) this.schedule();
  }

  /**
   * Healthy = no frame has been waiting or drawing for longer than `stuckAfterMs`. An idle loop
   * (nothing to draw) is healthy; a frame that never completes (a hung output) is not.
   */
  healthy(stuckAfterMs: number): boolean {
    const now = this.now;
    if (this.drawStartedAt !== null && now - this.drawStartedAt > stuckAfterMs) return false;
    if (this.pendingSince !== null && now - this.pendingSince > stuckAfterMs) return false;
    return true;
  }

  /** True while a frame is being drawn or waits to be drawn. */
  get busy(): boolean {
    return this.drawing !== null || this.pending.size > 0;
  }

  private schedule(): void {
    if (this.drawing !== null || this.timer !== null) return;
    const wait = Math.max(0, this.lastFrameStart + this.minIntervalMs - this.now);
    const run = (): void => {
      this.timer = null;
      this.runFrame();
    };
    // No wait: right after the pending I/O (more pushes of the same burst), not a 1 ms timer later.
    if (wait === 0) {
      const handle = setImmediate(run);
      this.timer = () => clearImmediate(handle);
    } else {
      const handle = setTimeout(run, wait);
      this.timer = () => clearTimeout(handle);
    }
  }

  private runFrame(): void {
    if (!this.running || this.pending.size === 0) return;
    const reasons = this.pending;
    this.pending = new Set();
    this.pendingSince = null;
    this.lastFrameStart = this.now;
    this.drawStartedAt = this.lastFrameStart;
    this.drawing = (async () => {
      try {
        await this.options.draw(reasons);
      } catch (error) {
        this.options.onError(error);
      }
    })().finally(() => {
      this.drawing = null;
      this.drawStartedAt = null;
      this.framesCompleted += 1;
      this.lastCompletedAt = this.now;
      if (this.running && this.pending.size > 0) this.schedule();
    });
  }

  private armMinuteTick(): void {
    const now = this.now;
    const untilNextMinute = 60_000 - (now % 60_000) + 5;
    this.minuteTimer = setTimeout(() => {
      this.minuteTimer = null;
      if (!this.running) return;
      this.request('clock');
      this.armMinuteTick();
    }, untilNextMinute);
  }
}
