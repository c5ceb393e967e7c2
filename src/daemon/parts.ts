/**
 * The daemon is a set of parts (store, watchers, push server, dial-out, render loop), each with
 * `start()`/`stop()` and a constructor that only stores fields. The controller starts them in
 * order and stops them in reverse; a part that fails is logged by name and recorded, and the
 * others keep running: one broken part never kills the process.
 */

export interface Part {
  readonly name: string;
  start(): Promise<void> | void;
  stop(): Promise<void> | void;
}

export interface PartLogger {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

export type PartState = 'stopped' | 'running' | 'failed';

/** How long one part may take to stop before the controller moves on (default 3 s). */
export const DEFAULT_PART_STOP_TIMEOUT_MS = 3_000;

/** Starts and stops parts, isolating their failures. */
export class Controller {
  private readonly states = new Map<string, { state: PartState; error: string | null }>();

  constructor(
    private readonly parts: readonly Part[],
    private readonly logger: PartLogger,
    private readonly stopTimeoutMs = DEFAULT_PART_STOP_TIMEOUT_MS,
  ) {}

  /** Starts every part in order; a failing part is logged and skipped. */
  async start(): Promise<void> {
    for (const part of this.parts) {
      try {
        await part.start();
        this.states.set(part.name, { state: 'running', error: null });
      } catch (error) {
        this.fail(part.name, error, 'start');
      }
    }
  }

  /** Stops the running parts in reverse order, each within the stop timeout. */
  async stop(): Promise<void> {
    for (const part of [...this.parts].reverse()) {
      if (this.states.get(part.name)?.state !== 'running') continue;
      try {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.resolve(part.stop()),
          new Promise<void>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`did not stop within ${this.stopTimeoutMs} ms`)), this.stopTimeoutMs);
          }),
        ]).finally(() => clearTimeout(timer));
        this.states.set(part.name, { state: 'stopped', error: null });
      } catch (error) {
        this.fail(part.name, error, 'stop');
      }
    }
  }

  /** Records a failure a running part reported later (an error event, a failed frame). */
  fail(name: string, error: unknown, during = 'run'): void {
    const message = error instanceof Error ? error.message : String(error);
    // A part that fails while running keeps running (and is stopped later); one that failed to
    // start or stop is marked failed.
    const state = during === 'run' ? (this.states.get(name)?.state ?? 'running') : 'failed';
    this.states.set(name, { state, error: message });
    this.logger.error({ part: name, during, err: error instanceof Error ? { message: error.message, stack: error.stack } : error }, `part ${name} failed during ${during}: ${message}`);
  }

  /** Each part's state, for the health endpoint. */
  report(): Record<string, { state: PartState; error: string | null }> {
    const report: Record<string, { state: PartState; error: string | null }> = {};
    for (const part of this.parts) report[part.name] = this.states.get(part.name) ?? { state: 'stopped', error: null };
    return report;
  }
}
