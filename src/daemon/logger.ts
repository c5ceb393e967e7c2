/**
 * Logs as JSON lines on stdout (pino): under systemd the journal keeps them, `journalctl -u
 * kpi-signage -o cat | jq` reads them.
 */
import pino, { type Logger } from 'pino';

/** The daemon's logger at the configured level. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
}
