/**
 * Runs the daemon in this process until SIGTERM: builds it from settings, starts it, installs
 * the signal handlers. Shared by `run` and `demo`.
 */
import type { Logger } from 'pino';
import type { DaemonConfig } from './config.js';
import { Daemon } from './daemon.js';
import { createLogger } from './logger.js';
import { Notifier, watchdogIntervalMs } from './sd-notify.js';
import { handleSignals } from './signals.js';
import { realDeps } from './wiring.js';

export interface RunningDaemon {
  readonly daemon: Daemon;
  readonly logger: Logger;
  /** Resolves with the exit code once a signal has stopped the daemon. */
  readonly exited: Promise<number>;
}

/** Starts the daemon with systemd notify and signals wired; resolves once every part has started. */
export async function runDaemon(config: DaemonConfig, options: { onStop?: () => Promise<void> } = {}): Promise<RunningDaemon> {
  const logger = createLogger(config.logLevel);
  const notifier = new Notifier({ socket: process.env.NOTIFY_SOCKET, logger });
  const daemon = new Daemon(config, realDeps(logger), notifier, logger, watchdogIntervalMs(process.env, process.pid));
  process.on('unhandledRejection', (reason) => logger.error({ err: reason instanceof Error ? reason.stack : String(reason) }, 'unhandled rejection (kept running)'));
  let resolveExit: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));
  const stoppable = {
    stop: async () => {
      await options.onStop?.();
      await daemon.stop();
    },
    reload: () => daemon.reload(),
  };
  handleSignals(stoppable, logger, (code) => {
    logger.flush?.();
    resolveExit(code);
  });
  await daemon.start();
  logger.info({ layouts: config.layoutsDir, data: config.dataDir, state: config.stateDir, output: config.output }, 'daemon started');
  return { daemon, logger, exited };
}
