/**
 * Watches one directory (not single files, so files created later and editors that replace the
 * file are seen) and reports each file once it is complete: after the last event a file must be
 * quiet for `settleMs` and keep its size and mtime over one more `settleMs`. scp and slow copies
 * therefore load once, whole; rsync's `.name.XXXXXX` temp files, dotfiles, `name~` backups and
 * vim's `.swp`/`4913` probes are ignored; its final rename is seen as one add or change.
 */
import { stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';

export const DEFAULT_SETTLE_MS = 200;

export interface DirectoryWatcherOptions {
  readonly dir: string;
  /** File extensions reported, lower case with the dot (`.yaml`). */
  readonly extensions: readonly string[];
  /** Quiet time after the last event, and the stability window (default 200 ms). */
  readonly settleMs?: number;
  /** A complete file appeared or changed. */
  readonly onFile: (path: string) => Promise<void> | void;
  /** A file went away. */
  readonly onRemove: (path: string) => Promise<void> | void;
  readonly onError: (error: unknown) => void;
}

/** True for names no one means as content: dotfiles (rsync temps), backups, editor swap files. */
export function isJunkName(name: string): boolean {
  return (
    name.startsWith('.') ||
    name.endsWith('~') ||
    /\.(swp|swx|swo|tmp|part|partial|crdownload|bak|orig|rej)$/i.test(name) ||
    /^\d+$/.test(name) // vim's writability probe "4913"
  );
}

/** Watches a directory and calls back once per completed file change. */
export class DirectoryWatcher {
  private watcher: FSWatcher | null = null;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: DirectoryWatcherOptions) {}

  /** Starts watching; resolves once the watcher is ready (before the caller's first full scan). */
  async start(): Promise<void> {
    this.stopped = false;
    const watcher = watch(this.options.dir, {
      depth: 0,
      ignoreInitial: true,
      ignored: (path: string) => path !== this.options.dir && isJunkName(basename(path)),
    });
    this.watcher = watcher;
    watcher.on('add', (path) => this.arm(path));
    watcher.on('change', (path) => this.arm(path));
    watcher.on('unlink', (path) => this.arm(path));
    watcher.on('error', (error) => this.options.onError(error));
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  }

  /** Stops watching and waits for a callback in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await this.watcher?.close();
    this.watcher = null;
    await this.chain;
  }

  /** True when this watcher reports files named like `name`. */
  wants(name: string): boolean {
    return !isJunkName(name) && this.options.extensions.includes(extname(name).toLowerCase());
  }

  private arm(path: string, previous?: { size: number; mtimeMs: number }): void {
    const absolute = path.startsWith('/') ? path : join(this.options.dir, path);
    if (!this.wants(basename(absolute)) || this.stopped) return;
    const existing = this.timers.get(absolute);
    if (existing !== undefined) clearTimeout(existing);
    const timer = setTimeout(() => {
      this.timers.delete(absolute);
      void this.settle(absolute, previous);
    }, this.options.settleMs ?? DEFAULT_SETTLE_MS);
    this.timers.set(absolute, timer);
  }

  private async settle(path: string, previous?: { size: number; mtimeMs: number }): Promise<void> {
    if (this.stopped) return;
    let now: { size: number; mtimeMs: number; isFile: boolean } | null = null;
    try {
      const stats = await stat(path);
      now = { size: stats.size, mtimeMs: stats.mtimeMs, isFile: stats.isFile() };
    } catch {
      now = null;
    }
    if (this.timers.has(path)) return; // a newer event re-armed it meanwhile
    if (now === null) {
      this.enqueue(() => this.options.onRemove(path));
      return;
    }
    if (!now.isFile) return;
    if (previous === undefined || previous.size !== now.size || previous.mtimeMs !== now.mtimeMs) {
      this.arm(path, { size: now.size, mtimeMs: now.mtimeMs });
      return;
    }
    this.enqueue(() => this.options.onFile(path));
  }

  private enqueue(task: () => Promise<void> | void): void {
    this.chain = this.chain.then(async () => {
      if (this.stopped) return;
      try {
        await task();
      } catch (error) {
        this.options.onError(error);
      }
    });
  }
}
