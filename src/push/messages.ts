/**
 * The push messages' schema (zod 4) and their parsing into point batches or a layout request.
 * Errors name the message id and the path of the first bad field (`series.seo_rank[0][1]`).
 */
import { z } from 'zod';
import type { RawPoint } from '../core/types.js';
import type { PointBatch } from '../store/db.js';
import { ZoneClock, parseTime as parseDataTime } from '../store/times.js';
import { errorReply, formatPath, type ErrorReply } from './errors.js';
import type { PushLimits } from './limits.js';

/** Metric names: what a layout can name (letters, digits, `_ . : -`, up to 128 characters; not `__proto__`). */
export const METRIC_NAME = /^(?!__proto__$)[A-Za-z0-9_][A-Za-z0-9_.:-]{0,127}$/;
/** Layout (page) names: they become file names, so no dots or slashes. */
export const LAYOUT_NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/;
/** Longest message id echoed back. */
export const MAX_ID_LENGTH = 128;
/** Epoch-ms times below this (before 1973-03-03) are almost always epoch seconds sent by mistake. */
export const MIN_EPOCH_MS = 100_000_000_000;
/** Latest time accepted: the end of JavaScript's date range. */
export const MAX_EPOCH_MS = 8_640_000_000_000_000;

export type PushRequest =
  | { readonly kind: 'points'; readonly id: string | null; readonly batches: PointBatch[]; readonly count: number; readonly single: boolean }
  | { readonly kind: 'layout'; readonly id: string | null; readonly name: string; readonly layout: Record<string, unknown> };

/**
 * Turns a time as sent (ISO 8601, or epoch ms as a number) into epoch ms, or an error text.
 * ISO strings go through the data files' fast reader (the zone offset is cached per local hour).
 */
export function parseTime(value: string | number, clock: ZoneClock): number | string {
  const number = typeof value === 'number' ? value : /^-?\d+$/.test(value) ? Number(value) : null;
  if (number !== null) {
    if (!Number.isFinite(number) || Math.abs(number) > MAX_EPOCH_MS) return `time ${value} is out of range; send epoch milliseconds or ISO 8601`;
    if (Math.abs(number) < MIN_EPOCH_MS) return `time ${value} looks like epoch seconds; send epoch milliseconds (×1000) or ISO 8601`;
    return Math.round(number);
  }
  const parsed = parseDataTime(value, clock);
  if (parsed === null || !Number.isFinite(parsed) || Math.abs(parsed) > MAX_EPOCH_MS) {
    return `time ${JSON.stringify(String(value).slice(0, 64))} is not ISO 8601 (e.g. 2026-12-03T10:00:00Z) or epoch milliseconds`;
  }
  return parsed;
}

/** The schemas for one screen time zone (times without an offset are local to it). */
function schemas(timeZone: string) {
  const clock = new ZoneClock(timeZone);
  const time = z.union([z.string().max(64), z.number()]).transform((value, context) => {
    const parsed = parseTime(value, clock);
    if (typeof parsed === 'string') {
      context.issues.push({ code: 'custom', message: parsed, input: value });
      return z.NEVER;
    }
    return parsed;
  });
  const value = z.number({ error: 'value must be a finite number, or null for a gap' }).nullable();
  const point = z.tuple([time, value], { error: 'a point is [time, value]' });
  const metricName = z.string().regex(METRIC_NAME, { error: 'a metric name is 1-128 letters, digits or _ . : - (starting with a letter, digit or _)' });
  const id = z.union([z.string().max(MAX_ID_LENGTH), z.number()]).optional();
  const points = z
    .strictObject({
      type: z.literal('points'),
      id,
      metric: metricName.optional(),
      points: z.array(point).optional(),
      series: z.record(metricName, z.array(point)).optional(),
    })
    .superRefine((message, context) => {
      const single = message.metric !== undefined || message.points !== undefined;
      if (single && message.series !== undefined) context.addIssue({ code: 'custom', message: 'send either metric+points or series, not both', path: ['series'] });
      else if (message.series === undefined && message.metric === undefined) context.addIssue({ code: 'custom', message: 'metric is missing (or send series: {metric: points})', path: ['metric'] });
      else if (message.series === undefined && message.points === undefined) context.addIssue({ code: 'custom', message: 'points is missing: [[time, value], …]', path: ['points'] });
    });
  const layout = z.strictObject({
    type: z.literal('layout'),
    id,
    name: z.string().regex(LAYOUT_NAME, { error: 'a layout name is 1-64 letters, digits, _ or - (it becomes the file name)' }),
    layout: z.record(z.string(), z.unknown(), { error: 'layout must be an object (the layout file as JSON)' }),
  });
  return { points, layout };
}

/** The id of a message for replies, if it has a usable one. */
export function messageId(message: unknown): string | null {
  if (message === null || typeof message !== 'object') return null;
  const id = (message as { id?: unknown }).id;
  if (typeof id === 'string') return id.slice(0, MAX_ID_LENGTH);
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  return null;
}

/** Counts the points of a points message before validating it, so a huge one is refused cheaply. */
function countPoints(message: Record<string, unknown>): { points: number; metrics: number } {
  let points = Array.isArray(message.points) ? message.points.length : 0;
  let metrics = 0;
  const series = message.series;
  if (series !== null && typeof series === 'object' && !Array.isArray(series)) {
    for (const list of Object.values(series)) {
      metrics++;
      if (Array.isArray(list)) points += list.length;
    }
  }
  return { points, metrics };
}

/** A validator of push messages for one time zone and set of limits. */
export function createMessageParser(timeZone: string, limits: PushLimits): (message: unknown) => PushRequest | ErrorReply {
  const schema = schemas(timeZone);
  return (message) => {
    const id = messageId(message);
    if (message === null || typeof message !== 'object' || Array.isArray(message)) {
      return errorReply(id, 'invalid', 'a message is a JSON object with a "type" ("points" or "layout")');
    }
    const object = message as Record<string, unknown>;
    if (object.type === 'points') {
      const size = countPoints(object);
      if (size.points > limits.maxPointsPerMessage) {
        return errorReply(id, 'too_large', `${size.points} points in one message; at most ${limits.maxPointsPerMessage} (maxPointsPerMessage): split it`);
      }
      if (size.metrics > limits.maxMetricsPerMessage) {
        return errorReply(id, 'too_large', `${size.metrics} metrics in one message; at most ${limits.maxMetricsPerMessage} (maxMetricsPerMessage): split it`, { path: 'series' });
      }
      const series = object.series;
      if (series !== null && typeof series === 'object' && Object.hasOwn(series, '__proto__')) {
        // zod drops this key silently; refuse it so no point is lost without a word.
        return errorReply(id, 'invalid', 'series.__proto__: "__proto__" cannot be a metric name', { path: 'series.__proto__' });
      }
      const result = schema.points.safeParse(object);
      if (!result.success) return issueReply(id, result.error.issues);
      const batches: PointBatch[] = [];
      const toRaw = (list: [number, number | null][]): RawPoint[] => list.map(([t, v]) => ({ t, v }));
      if (result.data.series !== undefined) {
        for (const [metric, list] of Object.entries(result.data.series)) batches.push({ metric, points: toRaw(list) });
      } else {
        batches.push({ metric: result.data.metric!, points: toRaw(result.data.points!) });
      }
      return { kind: 'points', id, batches, count: size.points, single: result.data.series === undefined };
    }
    if (object.type === 'layout') {
      const result = schema.layout.safeParse(object);
      if (!result.success) return issueReply(id, result.error.issues);
      return { kind: 'layout', id, name: result.data.name, layout: result.data.layout };
    }
    return errorReply(id, 'invalid', 'type must be "points" or "layout"', { path: 'type' });
  };
}

/** The first zod issue as an `invalid` reply with its path; the count of the others in the message. */
function issueReply(id: string | null, issues: readonly z.core.$ZodIssue[]): ErrorReply {
  const first = issues[0]!;
  let message = first.message;
  if (first.code === 'invalid_key' && first.issues[0] !== undefined) message = first.issues[0].message;
  if (first.code === 'unrecognized_keys') message = `unknown field${first.keys.length > 1 ? 's' : ''} ${first.keys.map((key) => JSON.stringify(key)).join(', ')}`;
  const path = formatPath(first.code === 'unrecognized_keys' && first.keys.length === 1 ? [...first.path, first.keys[0]!] : first.path);
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return errorReply(id, 'invalid', `${path === '' ? '' : `${path}: `}${message}${more}`, path === '' ? {} : { path });
}
