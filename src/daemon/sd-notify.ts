/**
 * systemd notify protocol (sd_notify(3)): READY=1, WATCHDOG=1, STATUS=…, STOPPING=1.
 *
 * Why a child `systemd-notify` and not a socket of our own: Node has no Unix datagram sockets
 * (dgram is UDP only, net is stream only), so sending ourselves needs a native addon
 * (zigbee2mqtt uses the optional `unix-dgram`), which must compile on every Pi. `systemd-notify`
 * ships in the `systemd` package on every systemd machine, its default barrier (BARRIER=1) keeps
 * it alive until systemd has read the message, and a spawn every 15 s costs nothing.
 * Because the sender is a child process, the unit needs `NotifyAccess=all`.
 *
 * With NOTIFY_SOCKET unset nothing is spawned at all; a failed send is logged once, never thrown.
 */
import { spawn } from 'node:child_process';

export interface NotifyLogger {
  warn(object: object, message: string): void;
}

export interface NotifierOptions {
  /** The notify socket; undefined = not under systemd, every call is a no-op. */
  readonly socket: string | undefined;
  /** The program that sends one message (default `systemd-notify` from PATH). */
  readonly program?: string;
  readonly logger?: NotifyLogger;
  /** Give up on one send after this long (default 5 s), so a dead socket never piles up children. */
  readonly sendTimeoutMs?: number;
}

/** Sends sd_notify messages in order, one `systemd-notify` at a time; coalesces repeated WATCHDOG=1. */
export class Notifier {
  private readonly queue: string[][] = [];
  private sending = false;
  private warned = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: NotifierOptions) {}

  /** True when a notify socket is set (the process runs under systemd with Type=notify). */
  get enabled(): boolean {
    return this.options.socket !== undefined && this.options.socket !== '';
  }

  /** Queue one message of KEY=VALUE lines; a no-op without a notify socket. */
  send(...assignments: string[]): void {
    if (!this.enabled || assignments.length === 0) return;
    const isPing = assignments.length === 1 && assignments[0] === 'WATCHDOG=1';
    if (isPing && this.queue.some((m) => m.length === 1 && m[0] === 'WATCHDOG=1')) return;
    this.queue.push(assignments.map((a) => a.replace(/\n/g, ' ')));
    this.pump();
  }

  /** READY=1 with a status line. */
  ready(status: string): void {
    this.send('READY=1', `STATUS=${status}`);
  }

  /** A STATUS= line (what is shown now). */
  status(text: string): void {
    this.send(`STATUS=${text}`);
  }

  /** WATCHDOG=1: the render loop is alive. */
  watchdog(): void {
    this.send('WATCHDOG=1');
  }

  /** STOPPING=1 before a clean shutdown. */
  stopping(): void {
    this.send('STOPPING=1');
  }

  /** Resolves once every queued message has been handed over (or failed). */
  flush(): Promise<void> {
    if (!this.sending && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    if (this.sending) return;
    const message = this.queue.shift();
    if (message === undefined) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
      return;
    }
    this.sending = true;
    const done = (problem: string | null): void => {
      if (problem !== null && !this.warned) {
        this.warned = true;
        this.options.logger?.warn(
          { socket: this.options.socket, problem },
          'could not notify systemd (is systemd-notify installed? does the unit say NotifyAccess=all?)',
        );
      }
      this.sending = false;
      this.pump();
    };
    let child;
    try {
      child = spawn(this.options.program ?? 'systemd-notify', message, {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, NOTIFY_SOCKET: this.options.socket },
      });
    } catch (error) {
      done(error instanceof Error ? error.message : String(error));
      return;
    }
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), this.options.sendTimeoutMs ?? 5000);
    let finished = false;
    const finish = (problem: string | null): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      done(problem);
    };
    child.on('error', (error) => finish(error.message));
    child.on('close', (code, signal) =>
      finish(code === 0 ? null : `systemd-notify exited ${code ?? signal}: ${stderr.trim()}`),
    );
  }
}

/** The watchdog interval from WATCHDOG_USEC (and WATCHDOG_PID, if set, must be us); null when off. */
export function watchdogIntervalMs(env: NodeJS.ProcessEnv, pid: number): number | null {
  const usec = Number(env.WATCHDOG_USEC);
  if (!Number.isFinite(usec) || usec <= 0) return null;
  if (env.WATCHDOG_PID !== undefined && env.WATCHDOG_PID !== '' && Number(env.WATCHDOG_PID) !== pid) return null;
  return usec / 1000;
}
