/**
 * `kpi-signage run`: the daemon. Settings from flags and `--config FILE` (flags win); bad
 * settings are all listed with file:line:column and exit code 2.
 */
import { configHelp, formatConfigProblem, loadConfig } from '../daemon/config.js';
import { runDaemon } from '../daemon/run-daemon.js';

/** Runs the daemon until SIGTERM; returns the exit code. */
export async function main(args: string[]): Promise<number> {
  const result = loadConfig(args);
  if (result.help === true) {
    process.stdout.write(configHelp());
    return 0;
  }
  if (!result.ok) {
    for (const problem of result.problems) process.stderr.write(`kpi-signage run: ${formatConfigProblem(problem)}\n`);
    return 2;
  }
  const running = await runDaemon(result.config);
  const code = await running.exited;
  // Watchers and sockets are closed; exit now rather than wait for stray handles.
  setImmediate(() => process.exit(code));
  return code;
}
