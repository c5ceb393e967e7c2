/**
 * What the daemon needs from the other modules, as narrow shapes. `wiring.ts` fills them with
 * the real painter, sinks, store, push server and file loaders; the daemon itself only wires.
 */
import type { PointColumns } from '../core/clean-columns.js';
import type { RawPoint, Series } from '../core/types.js';
import type { Layout, LayoutResult, PageEval } from '../layout/types.js';

/** A problem with a data file, in the shape the health endpoint lists. */
export interface FileProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  /** A warning (a bad row in a file that loaded) does not make the daemon degraded. */
  readonly severity?: 'error' | 'warning';
}

export interface DataFileResult {
  /** Per metric, the file's points as columns (Float64Array times and values, NaN = gap). */
  readonly points: ReadonlyMap<string, PointColumns>;
  readonly problems: readonly FileProblem[];
}

export interface PainterLike {
  /** The page canvas the sink copies from. */
  readonly canvas: unknown;
  /** Paints what changed; returns the dirty rectangles (empty when nothing changed). */
  paint(layout: Layout, page: PageEval, options: { lastUpdate: number | null; notice: string | null }): readonly unknown[];
}

export interface SinkLike {
  write(canvas: unknown, dirty: readonly unknown[] | 'all'): Promise<void> | void;
  close(): Promise<void> | void;
  describe(): string;
  /** The canvas size that fills the output (a framebuffer), or null when any size will do. */
  screenSize(): { width: number; height: number } | null;
}

export interface StoreLike {
  allPoints(): ReadonlyMap<string, readonly RawPoint[]>;
  close(): Promise<void> | void;
}

export interface PointSetLike {
  setFile(path: string, points: ReadonlyMap<string, PointColumns>): void;
  removeFile(path: string): void;
  addPushed(metric: string, points: readonly RawPoint[]): void;
  addPushedAll(points: ReadonlyMap<string, readonly RawPoint[]>): void;
  /** Drops pushed points older than `cutoff` from memory, as the store's retention does on disk. */
  forgetPushedBefore(cutoff: number): number;
  seriesOf(metric: string): Series | undefined;
}

/** Points the push server has made durable, by metric. */
export type AcceptedBatch = readonly { readonly metric: string; readonly points: readonly RawPoint[] }[];

export interface PushServerOptions {
  readonly store: unknown;
  readonly token: string;
  readonly layoutsDir: string;
  readonly timeZone: () => string;
  readonly knownMetrics: () => ReadonlySet<string> | null;
  readonly onPoints: (batch: AcceptedBatch) => void;
  readonly onLayout: (name: string, layout: Layout) => void;
  readonly health: () => unknown;
  readonly snapshot: () => Buffer | null;
  readonly logger: unknown;
}

export interface PushServerLike {
  /** Listens; resolves with the bound port (0 asks for any free port). */
  listen(host: string, port: number): Promise<number>;
  close(): Promise<void>;
}

export interface DialOutLike {
  stop(): Promise<void> | void;
}

/** The factories `wiring.ts` provides. */
export interface DaemonDeps {
  createPainter(options: { width: number; height: number; theme: string; locale: string; timeZone: string }): PainterLike;
  openSink(spec: string, options: { rotate: number }): Promise<SinkLike> | SinkLike;
  renderPng(canvas: unknown): Buffer;
  evaluatePage(layout: Layout, seriesOf: (metric: string) => Series | undefined, now: number): PageEval;
  loadLayoutFile(path: string): Promise<LayoutResult>;
  loadDataFile(path: string, timeZone: string): Promise<DataFileResult>;
  openStore(stateDir: string, retentionDays: number): StoreLike;
  createPointSet(): PointSetLike;
  createPushServer(options: PushServerOptions): PushServerLike;
  startDialOut(options: Omit<PushServerOptions, 'health' | 'snapshot'> & { readonly url: string }): DialOutLike;
  /** A blank page shown while no layout is good, so the screen never shows stale pixels. */
  placeholderLayout(): Layout | null;
}
