/**
 * The one message handler behind the WebSocket server, the HTTP routes and the dial-out client,
 * so all three validate, store, acknowledge and fail the same way. An ack is sent only after the
 * points are committed to disk; then `onPoints` is told which metrics changed.
 */
import { basename } from 'node:path';
import { IANAZone } from 'luxon';
import pino, { type Logger } from 'pino';
import type { RawPoint } from '../core/types.js';
import { parseLayoutObject, parseLayoutText } from '../layout/load.js';
import type { Layout } from '../layout/types.js';
import type { PointBatch, PointStore } from '../store/db.js';
import { errorReply, type Reply } from './errors.js';
import { resolveLimits, type PushLimits } from './limits.js';
import { LAYOUT_NAME, createMessageParser, messageId } from './messages.js';
import { saveLayout } from './save-layout.js';

export interface HandlerOptions {
  /** Where points go; acks wait for its commit. */
  readonly store: Pick<PointStore, 'insert'>;
  /** Where pushed layouts are saved; without it layout messages are refused. */
  readonly layoutsDir?: string;
  /** The screen's IANA time zone (or a getter: layouts may change it): times without an offset are local to it. */
  readonly timeZone: string | (() => string);
  /** Metrics the layouts name; null = all welcome. Unknown metrics are stored and listed in the ack. */
  readonly knownMetrics?: () => ReadonlySet<string> | null;
  /** Refuse a message naming an unknown metric (`unknown_metric`) instead of storing it (default false). */
  readonly rejectUnknownMetrics?: boolean;
  readonly limits?: Partial<PushLimits>;
  /** Called after points are durable: the metrics that changed and their new points. */
  readonly onPoints?: (metrics: Set<string>, points: ReadonlyMap<string, readonly RawPoint[]>) => void;
  /** Called after a pushed layout is validated and saved. */
  readonly onLayout?: (layout: Layout, file: string) => void;
  readonly logger?: Logger;
}

export interface MessageHandler {
  readonly limits: PushLimits;
  /** Handles one message as text (a WebSocket frame, an HTTP body). Never throws. */
  handleText(text: string): Promise<Reply>;
  /** Handles one parsed message. Never throws. */
  handle(message: unknown): Promise<Reply>;
  /** Validates and saves a layout sent as YAML or JSON text (HTTP PUT) as `<name>.yaml` or `.json`, with line:column errors. */
  handleLayoutText(name: string, text: string, format: 'yaml' | 'json', id?: string | null): Promise<Reply>;
  /** Resolves when every message being handled has been answered. */
  idle(): Promise<void>;
}

/** Builds the shared message handler. */
export function createMessageHandler(options: HandlerOptions): MessageHandler {
  const limits = resolveLimits(options.limits);
  const logger = options.logger ?? pino({ level: 'silent' });
  const parsers = new Map<string, ReturnType<typeof createMessageParser>>();
  const parse = (message: unknown): ReturnType<ReturnType<typeof createMessageParser>> => {
    const zone = typeof options.timeZone === 'function' ? options.timeZone() : options.timeZone;
    let parser = parsers.get(zone);
    if (parser === undefined) {
      let usable = zone;
      if (!IANAZone.isValidZone(zone)) {
        // Layouts are checked for bad zones at load time; this only guards against a caller's slip.
        logger.warn({ timeZone: zone }, 'not an IANA time zone; times without an offset are read as UTC');
        usable = 'UTC';
      }
      parser = createMessageParser(usable, limits);
      parsers.set(zone, parser);
    }
    return parser(message);
  };
  const inFlight = new Set<Promise<Reply>>();

  const track = (id: string | null, work: Promise<Reply>): Promise<Reply> => {
    const guarded = work.catch((error: unknown) => {
      logger.error({ err: error, id }, 'push message failed');
      return errorReply(id, 'internal', `the device could not handle the message (disk full? read-only?): ${error instanceof Error ? error.message : String(error)}`);
    });
    inFlight.add(guarded);
    void guarded.finally(() => inFlight.delete(guarded));
    return guarded;
  };

  async function storePoints(id: string | null, batches: readonly PointBatch[], single: boolean): Promise<Reply> {
    const known = options.knownMetrics?.() ?? null;
    const unknown = known === null ? [] : [...new Set(batches.map((batch) => batch.metric))].filter((metric) => !known.has(metric));
    if (unknown.length > 0 && options.rejectUnknownMetrics === true) {
      const path = single ? 'metric' : `series.${unknown[0]!}`;
      return errorReply(id, 'unknown_metric', `${path}: no layout names metric${unknown.length > 1 ? 's' : ''} ${unknown.map((metric) => `"${metric}"`).join(', ')}; nothing was stored (push the layout first, or check the spelling)`, { path });
    }
    let accepted: number;
    try {
      accepted = await options.store.insert(batches);
    } catch (error) {
      logger.error({ err: error, id }, 'storing pushed points failed');
      return errorReply(id, 'internal', `could not store the points (nothing of this message was stored): ${error instanceof Error ? error.message : String(error)}`);
    }
    const byMetric = new Map<string, RawPoint[]>();
    for (const batch of batches) {
      const list = byMetric.get(batch.metric);
      if (list === undefined) byMetric.set(batch.metric, [...batch.points]);
      else list.push(...batch.points);
    }
    try {
      options.onPoints?.(new Set(byMetric.keys()), byMetric);
    } catch (error) {
      logger.error({ err: error }, 'onPoints callback failed');
    }
    return unknown.length > 0 ? { type: 'ack', id, accepted, unknown } : { type: 'ack', id, accepted };
  }

  async function storeLayout(id: string | null, name: string, extension: '.json' | '.yaml', text: string, validate: () => ReturnType<typeof parseLayoutObject>): Promise<Reply> {
    if (options.layoutsDir === undefined) return errorReply(id, 'invalid', 'this device takes no pushed layouts (it runs without a layouts directory)');
    const result = validate();
    if (!result.ok) {
      const count = result.errors.length;
      return errorReply(id, 'invalid', `layout "${name}" has ${count} problem${count === 1 ? '' : 's'}: ${result.errors[0]!.message}`, { path: 'layout', problems: result.errors });
    }
    const file = await saveLayout(options.layoutsDir, name, extension, text);
    try {
      options.onLayout?.(result.layout, file);
    } catch (error) {
      logger.error({ err: error }, 'onLayout callback failed');
    }
    const reply = { type: 'ack' as const, id, layout: name, file: basename(file) };
    return result.warnings.length > 0 ? { ...reply, warnings: result.warnings } : reply;
  }

  async function handleParsed(message: unknown): Promise<Reply> {
    const request = parse(message);
    if ('type' in request) return request;
    if (request.kind === 'points') return storePoints(request.id, request.batches, request.single);
    const text = `${JSON.stringify(request.layout, null, 2)}\n`;
    return storeLayout(request.id, request.name, '.json', text, () => parseLayoutObject(request.layout, request.name));
  }

  return {
    limits,
    handleText(text) {
      let message: unknown;
      try {
        message = JSON.parse(text);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return Promise.resolve(errorReply(null, 'invalid', `the message is not JSON (${reason}); send one JSON object per message`));
      }
      return track(messageId(message), handleParsed(message));
    },
    handle(message) {
      return track(messageId(message), handleParsed(message));
    },
    handleLayoutText(name, text, format, id = null) {
      if (!LAYOUT_NAME.test(name)) return Promise.resolve(errorReply(id, 'invalid', 'a layout name is 1-64 letters, digits, _ or - (it becomes the file name)', { path: 'name' }));
      const extension = format === 'json' ? '.json' : '.yaml';
      return track(id, storeLayout(id, name, extension, text, () => parseLayoutText(text, `${name}${extension}`)));
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}
