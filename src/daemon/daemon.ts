/**
 * The daemon: wires store, watchers, render loop, push server and dial-out as parts, keeps the
 * screen right (last good layout, newest data, page rotation) and tells systemd about it.
 * Reload (SIGHUP) rescans both directories; stop() stops accepting, finishes the frame being
 * written and closes the store.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { layoutTouching, mergePage } from '../layout/evaluate.js';
import type { Layout, LayoutProblem, PageEval } from '../layout/types.js';
import type { DaemonConfig } from './config.js';
import { wholeRows, type DirtyRect } from './dirty-rows.js';
import { FrameLoop } from './frame-loop.js';
import { LayoutBook } from './layout-book.js';
import { Controller, type Part } from './parts.js';
import type { Notifier } from './sd-notify.js';
import type { AcceptedBatch, DaemonDeps, FileProblem, PainterLike, PointSetLike, SinkLike, StoreLike } from './seams.js';
import { readOrCreateToken } from './token.js';
import { Watchdog } from './watchdog.js';
import { DirectoryWatcher } from './watcher.js';

const DAY_MS = 86_400_000;
/** How often pushed points past the retention are dropped from memory (the store prunes hourly too). */
const FORGET_EVERY_MS = 3_600_000;

export const LAYOUT_EXTENSIONS = ['.yaml', '.yml', '.json'];
export const DATA_EXTENSIONS = ['.csv', '.json'];
/** Runtime errors kept for the health endpoint (newest last). */
export const MAX_RECENT_ERRORS = 20;
/** A runtime error (a failed frame, a watcher error) keeps health `degraded` this long. */
export const DEGRADED_AFTER_ERROR_MS = 300_000;

export interface DaemonLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
  debug(object: object, message: string): void;
}

interface RecentError extends FileProblem {
  readonly at: string;
}

/** The running daemon. Construct, then `start()`; `reload()` on SIGHUP; `stop()` on SIGTERM. */
export class Daemon {
  readonly book = new LayoutBook();
  private readonly dataProblems = new Map<string, readonly FileProblem[]>();
  private readonly recentErrors: RecentError[] = [];
  private readonly painters = new Map<string, PainterLike>();
  private readonly startedAt = Date.now();
  private pointSet: PointSetLike;
  private store: StoreLike | null = null;
  private forgetTimer: NodeJS.Timeout | null = null;
  private sink: SinkLike | null = null;
  private sinkRotate: number | null = null;
  private lastPageShown: string | null = null;
  private lastPainter: PainterLike | null = null;
  /** The PNG of the screen, kept until the canvas changes: a preview polling every second encodes nothing while the screen stands still. */
  private snapshotPng: { readonly painter: PainterLike; readonly png: Buffer } | null = null;
  private lastWritten: PainterLike | null = null;
  private lastStatus: string | null = null;
  private lastFrameAt: number | null = null;
  private lastUpdate: number | null = null;
  private framesWritten = 0;
  private readySent = false;
  private rotationTimer: NodeJS.Timeout | null = null;
  private rotationPage: string | null = null;
  private dataTimeZone: string | null = null;
  /** Metrics pushed since the last evaluation: a frame drawn for pushes alone evaluates only their tiles. */
  private pushedMetrics = new Set<string>();
  /** The last page evaluated and its layout, or null when the next frame must evaluate everything. */
  private lastEvaluation: { readonly layout: Layout; readonly page: PageEval } | null = null;
  private readonly loop: FrameLoop;
  private readonly watchdog: Watchdog;
  private readonly controller: Controller;
  private layoutWatcher: DirectoryWatcher;
  private dataWatcher: DirectoryWatcher;
  /** The port the push server listens on (after start), for tests and the demo. */
  port: number | null = null;

  constructor(
    readonly config: DaemonConfig,
    private readonly deps: DaemonDeps,
    private readonly notifier: Notifier,
    private readonly logger: DaemonLogger,
    watchdogIntervalMs: number | null,
  ) {
    this.pointSet = deps.createPointSet();
    this.loop = new FrameLoop({
      maxFramesPerSecond: config.maxFramesPerSecond,
      draw: (reasons) => this.drawFrame(reasons),
      onError: (error) => this.runtimeError('render', error),
    });
    this.watchdog = new Watchdog(notifier, this.loop, watchdogIntervalMs, logger);
    this.layoutWatcher = new DirectoryWatcher({
      dir: config.layoutsDir,
      extensions: LAYOUT_EXTENSIONS,
      settleMs: config.settleMs,
      onFile: (path) => this.loadLayout(path),
      onRemove: (path) => this.removeLayout(path),
      onError: (error) => this.runtimeError('layouts', error),
    });
    this.dataWatcher = new DirectoryWatcher({
      dir: config.dataDir,
      extensions: DATA_EXTENSIONS,
      settleMs: config.settleMs,
      onFile: (path) => this.loadData(path),
      onRemove: (path) => this.removeData(path),
      onError: (error) => this.runtimeError('data', error),
    });
    this.controller = new Controller(this.parts(), logger);
  }

  /** Starts every part; a failing part is logged and the rest run on. */
  async start(): Promise<void> {
    await this.controller.start();
  }

  /** Stops accepting pushes, finishes the frame in flight, closes output and store. */
  async stop(): Promise<void> {
    this.notifier.stopping();
    await this.controller.stop();
    await this.notifier.flush();
  }

  /** Rescans layouts and data (SIGHUP), keeping the last good version of broken files. */
  async reload(): Promise<void> {
    this.logger.info({}, 'reloading layouts and data');
    // MONOTONIC_USEC (CLOCK_MONOTONIC, which process.hrtime uses on Linux) lets Type=notify-reload units match it.
    this.notifier.send('RELOADING=1', `MONOTONIC_USEC=${process.hrtime.bigint() / 1000n}`, 'STATUS=reloading layouts and data');
    await this.scanLayouts();
    await this.scanData();
    this.loop.request('reload');
    this.readySent = false; // READY=1 again after the next frame ends the reload for systemd
  }

  /** What `GET /v1/health` returns. */
  health(): Record<string, unknown> {
    const page = this.book.current();
    const position = this.book.position();
    const problems = this.problems();
    const fileErrors = problems.filter((p) => p.severity !== 'warning');
    const errors = [...fileErrors, ...this.recentErrors];
    const recentFailure = this.recentErrors.some((e) => Date.now() - Date.parse(e.at) < DEGRADED_AFTER_ERROR_MS);
    const partsRunning = Object.values(this.controller.report()).every((p) => p.state === 'running');
    const warnings = problems.filter((p) => p.severity === 'warning').slice(0, MAX_RECENT_ERRORS);
    return {
      status: fileErrors.length === 0 && !recentFailure && partsRunning ? 'ok' : 'degraded',
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
      page: page === null ? (this.lastPageShown === null ? null : { name: this.lastPageShown, index: 0, of: 0 }) : { name: page.name, title: page.title, index: position.index, of: position.of, source: page.source },
      lastFrameAt: this.lastFrameAt === null ? null : new Date(this.lastFrameAt).toISOString(),
      frames: this.framesWritten,
      output: this.sink?.describe() ?? this.config.output,
      lastUpdate: this.lastUpdate === null ? null : new Date(this.lastUpdate).toISOString(),
      parts: this.controller.report(),
      errors,
      warnings,
    };
  }

  /** The screen as a PNG (what `GET /v1/snapshot.png` serves), or null before the first frame. */
  snapshot(): Buffer | null {
    const painter = this.lastPainter;
    if (painter === null) return null;
    if (this.snapshotPng?.painter !== painter) this.snapshotPng = { painter, png: this.deps.renderPng(painter.canvas) };
    return this.snapshotPng.png;
  }

  private parts(): Part[] {
    const parts: Part[] = [
      {
        name: 'store',
        start: () => {
          this.store = this.deps.openStore(this.config.stateDir, this.config.retentionDays);
          this.pointSet.addPushedAll(this.store.allPoints());
          // Memory keeps what the disk keeps: pushed points past the retention go hourly.
          const forget = (): void => void this.pointSet.forgetPushedBefore(Date.now() - this.config.retentionDays * DAY_MS);
          this.forgetTimer = setInterval(forget, FORGET_EVERY_MS);
          this.forgetTimer.unref();
        },
        stop: () => {
          if (this.forgetTimer !== null) clearInterval(this.forgetTimer);
          return this.store?.close();
        },
      },
      {
        name: 'layouts',
        start: async () => {
          await mkdir(this.config.layoutsDir, { recursive: true });
          await this.layoutWatcher.start();
          await this.scanLayouts();
        },
        stop: () => this.layoutWatcher.stop(),
      },
      {
        name: 'data',
        start: async () => {
          await mkdir(this.config.dataDir, { recursive: true });
          await this.dataWatcher.start();
          await this.scanData();
        },
        stop: () => this.dataWatcher.stop(),
      },
      {
        name: 'render',
        start: () => {
          this.loop.start();
          this.loop.request('start');
          this.watchdog.start();
        },
        stop: async () => {
          this.watchdog.stop();
          this.stopRotation();
          await this.loop.stop();
          await this.sink?.close();
          this.sink = null;
        },
      },
    ];
    let server: ReturnType<DaemonDeps['createPushServer']> | null = null;
    parts.push({
      name: 'push',
      start: async () => {
        if (this.store === null) throw new Error('the point store did not open, so pushes cannot be made durable');
        const { token, created } = readOrCreateToken(this.config.tokenFile);
        if (created) this.logger.info({ tokenFile: this.config.tokenFile }, 'created a new push token');
        server = this.deps.createPushServer({ ...this.pushOptions(token), health: () => this.health(), snapshot: () => this.snapshot() });
        this.port = await server.listen(this.config.listen.host, this.config.listen.port);
        this.logger.info({ host: this.config.listen.host, port: this.port }, `push server and preview on http://${hostForUrl(this.config.listen.host)}:${this.port}/`);
      },
      stop: () => server?.close(),
    });
    if (this.config.connect !== null) {
      let dialOut: ReturnType<DaemonDeps['startDialOut']> | null = null;
      const url = this.config.connect;
      parts.push({
        name: 'dial-out',
        start: () => {
          if (this.store === null) throw new Error('the point store did not open, so pushes cannot be made durable');
          const { token } = readOrCreateToken(this.config.tokenFile);
          dialOut = this.deps.startDialOut({ ...this.pushOptions(token), url });
        },
        stop: () => dialOut?.stop(),
      });
    }
    return parts;
  }

  private pushOptions(token: string) {
    return {
      store: this.store,
      token,
      layoutsDir: this.config.layoutsDir,
      timeZone: () => this.timeZone(),
      knownMetrics: () => this.knownMetrics(),
      onPoints: (batch: AcceptedBatch) => this.acceptPoints(batch),
      onLayout: (name: string, layout: Layout) => this.acceptLayout(name, layout),
      logger: this.logger,
    };
  }

  /** The metrics the layouts name (pushes of others are stored and listed in the ack); null = no layout yet. */
  private knownMetrics(): ReadonlySet<string> | null {
    const pages = this.book.pages();
    if (pages.length === 0) return null;
    return new Set(pages.flatMap((page) => [...Object.keys(page.metrics), ...Object.values(page.kpis).map((kpi) => kpi.metric)]));
  }

  private acceptPoints(batch: AcceptedBatch): void {
    for (const { metric, points } of batch) {
      this.pointSet.addPushed(metric, points);
      this.pushedMetrics.add(metric);
    }
    this.lastUpdate = Date.now();
    this.loop.request('push');
  }

  private acceptLayout(name: string, layout: Layout): void {
    this.book.apply(layout.source, { ok: true, layout, warnings: [] }, name);
    this.book.showNow(name);
    this.logger.info({ page: name }, 'pushed layout shown');
    this.pagesChanged();
  }

  private timeZone(): string {
    return this.config.timeZone ?? this.book.pages()[0]?.screen.timezone ?? this.book.current()?.screen.timezone ?? 'UTC';
  }

  private async scanLayouts(): Promise<void> {
    const files = await listFiles(this.config.layoutsDir, (name) => this.layoutWatcher.wants(name));
    const present = new Set(files);
    for (const source of this.book.sources()) {
      const path = join(this.config.layoutsDir, source);
      if (!present.has(path) && !source.startsWith('push:')) this.book.remove(path);
    }
    for (const path of files) await this.loadLayout(path, false);
    this.pagesChanged();
  }

  private async loadLayout(path: string, redraw = true): Promise<void> {
    const result = await this.deps.loadLayoutFile(path);
    this.book.apply(path, result);
    if (result.ok) this.logger.info({ file: path }, 'layout loaded');
    else for (const problem of result.errors) this.logger.warn({ file: problem.file, line: problem.line, column: problem.column, fix: problem.fix }, `layout not loaded, last good version stays: ${problem.message}`);
    if (redraw) this.pagesChanged();
  }

  private removeLayout(path: string): void {
    if (this.book.remove(path)) {
      this.logger.info({ file: path }, 'layout removed');
      this.pagesChanged();
    }
  }

  private async scanData(): Promise<void> {
    const zone = this.timeZone();
    this.dataTimeZone = zone;
    const files = await listFiles(this.config.dataDir, (name) => this.dataWatcher.wants(name));
    const present = new Set(files);
    for (const path of [...this.dataProblems.keys()]) {
      if (!present.has(path)) this.removeData(path, false);
    }
    for (const path of files) await this.loadData(path, false);
    this.loop.request('data');
  }

  private async loadData(path: string, redraw = true): Promise<void> {
    const result = await this.deps.loadDataFile(path, this.timeZone());
    this.pointSet.setFile(path, result.points);
    this.dataProblems.set(path, result.problems);
    this.lastUpdate = Date.now();
    const count = [...result.points.values()].reduce((sum, columns) => sum + columns.times.length, 0);
    this.logger.info({ file: path, points: count, problems: result.problems.length }, 'data file loaded');
    for (const problem of result.problems.slice(0, 5)) this.logger.warn({ ...problem }, `data file problem: ${problem.message}`);
    if (redraw) this.loop.request('data');
  }

  private removeData(path: string, redraw = true): void {
    this.pointSet.removeFile(path);
    this.dataProblems.delete(path);
    this.logger.info({ file: path }, 'data file removed');
    if (redraw) this.loop.request('data');
  }

  private problems(): FileProblem[] {
    const layout = this.book.problems().map((p: LayoutProblem) => ({ file: p.file, line: p.line, column: p.column, message: `${p.message} (${p.fix})` }));
    const data = [...this.dataProblems.values()].flat();
    return [...layout, ...data];
  }

  private notice(): string | null {
    const layoutProblems = this.book.problems();
    const first = layoutProblems[0];
    if (first !== undefined) {
      const more = layoutProblems.length > 1 ? ` (+${layoutProblems.length - 1} more)` : '';
      return `${basename(first.file)}:${first.line}:${first.column}: ${first.message}${more}`;
    }
    const brokenData = [...this.dataProblems.values()].flat().find((p) => p.severity !== 'warning');
    if (brokenData !== undefined) return `${basename(brokenData.file)}:${brokenData.line}: ${brokenData.message}`;
    return null;
  }

  private pagesChanged(): void {
    // Times without an offset in data files follow the first page's zone: re-read when it changes.
    if (this.dataTimeZone !== null && this.dataTimeZone !== this.timeZone()) void this.scanData();
    const names = new Set(this.book.pages().map((p) => p.name));
    for (const key of [...this.painters.keys()]) if (!names.has(key.split('\u0000')[0]!)) this.painters.delete(key);
    this.armRotation();
    this.loop.request('layout');
  }

  private armRotation(): void {
    const page = this.book.current();
    const count = this.book.pages().length;
    if (page === null || count < 2) return this.stopRotation();
    if (this.rotationTimer !== null && this.rotationPage === page.name) return;
    this.stopRotation();
    this.rotationPage = page.name;
    this.rotationTimer = setTimeout(() => {
      this.rotationTimer = null;
      this.book.advance();
      this.armRotation();
      this.loop.request('rotate');
    }, page.screen.durationMs);
  }

  private stopRotation(): void {
    if (this.rotationTimer !== null) clearTimeout(this.rotationTimer);
    this.rotationTimer = null;
    this.rotationPage = null;
  }

  private painterFor(page: Layout, sink: SinkLike): PainterLike {
    // A framebuffer's size wins over the layout's: the page fills the screen it is on.
    const size = sink.screenSize() ?? { width: page.screen.width, height: page.screen.height };
    const key = `${page.name}\u0000${size.width}x${size.height}\u0000${page.screen.theme}`;
    let painter = this.painters.get(key);
    if (painter === undefined) {
      for (const old of [...this.painters.keys()]) if (old.startsWith(`${page.name}\u0000`)) this.painters.delete(old);
      painter = this.deps.createPainter({ ...size, theme: page.screen.theme, locale: page.screen.locale, timeZone: page.screen.timezone });
      this.painters.set(key, painter);
    }
    this.lastPainter = painter;
    return painter;
  }

  private async drawFrame(reasons: ReadonlySet<string> = new Set(['all'])): Promise<void> {
    const pushed = this.pushedMetrics;
    this.pushedMetrics = new Set();
    const page = this.book.current() ?? this.deps.placeholderLayout();
    if (page === null) return;
    if (this.sink === null || this.sinkRotate !== page.screen.rotate) {
      await this.sink?.close();
      this.sink = null;
      this.sink = await this.deps.openSink(this.config.output, { rotate: page.screen.rotate });
      this.sinkRotate = page.screen.rotate;
      this.lastPageShown = null;
      this.logger.info({ output: this.sink.describe() }, 'output opened');
    }
    const evaluated = this.evaluate(page, reasons, pushed);
    const painter = this.painterFor(page, this.sink);
    const dirty = painter.paint(page, evaluated, { lastUpdate: this.lastUpdate, notice: this.notice() });
    if (dirty.length > 0) this.snapshotPng = null;
    const pageChanged = this.lastPageShown !== page.name || this.lastWritten !== painter;
    if (pageChanged || dirty.length > 0) {
      const canvas = painter.canvas as { readonly width: number; readonly height: number };
      // Whole rows of the framebuffer: one write per band instead of one per row of each tile.
      await this.sink.write(painter.canvas, pageChanged ? 'all' : wholeRows(dirty as readonly DirtyRect[], canvas.width, canvas.height, page.screen.rotate));
      this.framesWritten += 1;
    }
    this.lastPageShown = page.name;
    this.lastWritten = painter;
    this.lastFrameAt = Date.now();
    this.reportStatus(page);
  }

  /**
   * The page's views now. A frame asked for by pushes alone re-evaluates only the tiles that read
   * a pushed metric and keeps the others' views (they move with the clock only, which the minute
   * tick redraws); any other reason (clock, data file, layout, rotation, reload) evaluates all.
   */
  private evaluate(page: Layout, reasons: ReadonlySet<string>, pushed: ReadonlySet<string>): PageEval {
    const previous = this.lastEvaluation;
    this.lastEvaluation = null; // an evaluation that throws leaves the next frame a full one
    const seriesOf = (metric: string) => this.pointSet.seriesOf(metric);
    const now = Date.now();
    const onlyPushes = [...reasons].every((reason) => reason === 'push');
    let evaluated: PageEval;
    if (onlyPushes && previous !== null && previous.layout === page) {
      const touched = layoutTouching(page, pushed);
      evaluated = mergePage(previous.page, this.deps.evaluatePage(touched, seriesOf, now), touched);
    } else {
      evaluated = this.deps.evaluatePage(page, seriesOf, now);
    }
    this.lastEvaluation = { layout: page, page: evaluated };
    return evaluated;
  }

  private reportStatus(page: Layout): void {
    const position = this.book.position();
    const problems = this.problems().filter((p) => p.severity !== 'warning').length;
    const status = `showing ${page.name}${position.of > 1 ? ` (page ${position.index} of ${position.of})` : ''} on ${this.sink?.describe() ?? this.config.output}${problems > 0 ? `; ${problems} problem(s), see /v1/health` : ''}`;
    if (!this.readySent) {
      this.readySent = true;
      this.lastStatus = status;
      this.notifier.ready(status);
      this.logger.info({ page: page.name }, 'first frame on the output: ready');
    } else if (status !== this.lastStatus) {
      this.lastStatus = status;
      this.notifier.status(status);
    }
  }

  private runtimeError(part: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.recentErrors.push({ file: part, line: 0, column: 0, message, at: new Date().toISOString() });
    if (this.recentErrors.length > MAX_RECENT_ERRORS) this.recentErrors.shift();
    this.controller.fail(part, error);
  }
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

async function listFiles(dir: string, wanted: (name: string) => boolean): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile() && wanted(entry.name))
      .map((entry) => join(dir, entry.name))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
