/**
 * The real parts behind the daemon's seams: layout loader, data files, SQLite store, point set,
 * painter, output sinks, push server and dial-out client.
 */
import type { Logger } from 'pino';
import { evaluatePage } from '../layout/evaluate.js';
import { loadLayoutFile, parseLayoutObject } from '../layout/load.js';
import type { Layout } from '../layout/types.js';
import { createPushServer } from '../push/server.js';
import { createMessageHandler } from '../push/handler.js';
import { startDialOut } from '../push/dial-out.js';
import { PointStore, stateDbPath } from '../store/db.js';
import { loadDataFile } from '../store/files.js';
import { PointSet } from '../store/points.js';
import { Painter } from '../render/painter.js';
import { openSink, renderPng } from '../output/sink.js';
import type { Canvas } from 'canvas';
import type { DaemonDeps, PushServerOptions } from './seams.js';

/** Builds the handler options the push server and the dial-out client share. */
function handlerOptions(options: Omit<PushServerOptions, 'health' | 'snapshot'>, logger: Logger) {
  return {
    store: options.store as PointStore,
    layoutsDir: options.layoutsDir,
    timeZone: options.timeZone, // a getter: a layout that changes the zone changes how pushed times are read
    knownMetrics: options.knownMetrics,
    onPoints: (_metrics: Set<string>, points: ReadonlyMap<string, readonly { t: number; v: number | null }[]>) =>
      options.onPoints([...points].map(([metric, list]) => ({ metric, points: list }))),
    onLayout: (layout: Layout) => options.onLayout(layout.name, layout),
    logger: logger.child({ part: 'push' }),
  };
}

/** The production dependencies. */
export function realDeps(logger: Logger): DaemonDeps {
  return {
    createPainter: (options) => new Painter({ ...options, theme: options.theme === 'light' ? 'light' : 'dark' }),
    openSink: async (spec, options) => {
      const sink = await openSink(spec, { rotate: options.rotate as 0 | 90 | 180 | 270 });
      return {
        write: (canvas, dirty) => sink.write(canvas as Canvas, dirty as Parameters<typeof sink.write>[1]),
        close: () => sink.close(),
        describe: () => sink.describe(),
        screenSize: () => sink.screenSize(),
      };
    },
    renderPng: (canvas) => renderPng(canvas as Canvas),
    evaluatePage,
    loadLayoutFile,
    loadDataFile: async (path, timeZone) => {
      const parsed = await loadDataFile(path, timeZone);
      // A file that yielded nothing is broken; bad rows in a file that loaded are warnings.
      const broken = parsed.columns.size === 0;
      return {
        points: parsed.columns,
        problems: parsed.warnings.map((w) => ({ file: w.file, line: w.line, column: 0, message: w.message, severity: broken ? 'error' : 'warning' })),
      };
    },
    openStore: (stateDir, retentionDays) => new PointStore(stateDbPath(stateDir), { retentionDays }),
    createPointSet: () => new PointSet(),
    createPushServer: (options) => {
      const server = createPushServer({
        ...handlerOptions(options, logger),
        token: options.token,
        health: () => options.health() as object,
        snapshot: options.snapshot,
      });
      return {
        listen: async (host, port) => (await server.listen(host, port)).port,
        close: () => server.close(),
      };
    },
    startDialOut: (options) => {
      const handler = createMessageHandler(handlerOptions(options, logger));
      return startDialOut({ url: options.url, token: options.token, handler, logger: logger.child({ part: 'dial-out' }) });
    },
    placeholderLayout: () => {
      const result = parseLayoutObject({ title: 'No layout yet: put a .yaml file into the layouts directory', tiles: [] }, '_placeholder');
      return result.ok ? result.layout : null;
    },
  };
}
