/**
 * Signals: SIGTERM/SIGINT stop the daemon (stop accepting, finish the frame being written, close
 * the store) and exit 0, within `DEFAULT_STOP_DEADLINE_MS`; SIGHUP reloads layouts and data.
 */

/** How long a clean stop may take before the process exits anyway (systemd waits 90 s; we promise 5). */
export const DEFAULT_STOP_DEADLINE_MS = 4_500;

export interface Stoppable {
  stop(): Promise<void>;
  reload(): Promise<void>;
}

export interface SignalLogger {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

/** Installs the handlers; `exit` is called once with the exit code (0 after a clean stop). */
export function handleSignals(daemon: Stoppable, logger: SignalLogger, exit: (code: number) => void, deadlineMs = DEFAULT_STOP_DEADLINE_MS): () => void {
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    const deadline = setTimeout(() => {
      logger.error({ deadlineMs }, 'stop took too long; exiting anyway (acknowledged points are already on disk)');
      exit(1);
    }, deadlineMs);
    daemon.stop().then(
      () => {
        clearTimeout(deadline);
        logger.info({}, 'stopped');
        exit(0);
      },
      (error: unknown) => {
        clearTimeout(deadline);
        logger.error({ err: error instanceof Error ? error.message : String(error) }, 'stop failed');
        exit(1);
      },
    );
  };
  const reload = (): void => {
    if (stopping) return;
    daemon.reload().catch((error: unknown) => logger.error({ err: error instanceof Error ? error.message : String(error) }, 'reload failed'));
  };
  const onTerm = (): void => stop('SIGTERM');
  const onInt = (): void => stop('SIGINT');
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onInt);
  process.on('SIGHUP', reload);
  return () => {
    process.off('SIGTERM', onTerm);
    process.off('SIGINT', onInt);
    process.off('SIGHUP', reload);
  };
}
