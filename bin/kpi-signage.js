#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `npm ci` through the prepare script).
//
// glibc reads its malloc settings once, when the process starts, so they can only come from the
// environment. For the long-running commands (`run`, `demo`) these two keep resident memory flat
// (bench/idle.mjs; docs/DEPLOY.md):
//   MALLOC_ARENA_MAX=2         — libuv's worker threads would each get their own 64 MB arena
//                                 otherwise, whose freed pages glibc keeps.
//   MALLOC_MMAP_THRESHOLD_=32768 — blocks of 32 KiB and more (pixel chunks, point columns, SQLite
//                                 buffers) are mapped and unmapped, so a freed one goes back to
//                                 the system; glibc's default threshold rises with every freed
//                                 block until such blocks stay in the heap for good.
// The systemd unit sets them (Environment=). Started without them, and when Node can replace
// the process in place (process.execve: Node ≥ 22.15 / 23.11), the command re-executes itself
// once with them: same PID (systemd, signals and sd_notify are unaffected), at the cost of one
// more Node start-up (~50 ms here). On older Node it runs as it is: a wrapper process would cost
// more memory (~40 MB) than the settings save. Either variable already set (to anything) is left
// alone, and KPI_SIGNAGE_MALLOC=system turns the re-exec off.
const MALLOC_SETTINGS = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '32768' };
const LONG_RUNNING_COMMANDS = new Set(['run', 'demo']);

const unset = Object.keys(MALLOC_SETTINGS).every((name) => process.env[name] === undefined);
if (unset && LONG_RUNNING_COMMANDS.has(process.argv[2] ?? '') && process.platform === 'linux' && typeof process.execve === 'function' && process.env.KPI_SIGNAGE_MALLOC !== 'system') {
  try {
    process.execve(process.execPath, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], { ...process.env, ...MALLOC_SETTINGS });
  } catch {
    // execve failed (it returns only then): run as we are, with glibc's defaults.
  }
}
await import('../dist/cli.js');
