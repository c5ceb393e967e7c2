/**
 * The words and numbers a tile shows, as plain strings (no canvas): values through
 * Intl.NumberFormat with the metric's options, changes, rates, clock times and period names.
 * Bad format options never crash a frame: they fall back to plain numbers.
 */
import type { KpiView, PeriodUnit } from '../core/types.js';

const formatterCache = new Map<string, Intl.NumberFormat>();

/** A cached Intl.NumberFormat; invalid options fall back to the locale's plain number format. */
export function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let formatter = formatterCache.get(key);
  if (formatter === undefined) {
    try {
      formatter = new Intl.NumberFormat(locale, options);
    } catch {
      try {
        formatter = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
      } catch {
        formatter = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
      }
    }
    formatterCache.set(key, formatter);
  }
  return formatter;
}

/** The value as the metric's format says, or an em dash when there is none. */
export function formatValue(value: number | null, locale: string, format: Intl.NumberFormatOptions): string {
  if (value === null || !Number.isFinite(value)) return '—';
  return numberFormat(locale, withDefaultDigits(format)).format(value);
}

/** The same value in compact notation ("1.2M"), for tiles too narrow for the full number. */
export function formatValueCompact(value: number | null, locale: string, format: Intl.NumberFormatOptions): string {
  if (value === null || !Number.isFinite(value)) return '—';
  return numberFormat(locale, { ...format, notation: 'compact', maximumFractionDigits: 1, minimumFractionDigits: 0 }).format(value);
}

/** Plain numbers get at most one decimal unless the layout says otherwise: a wall screen is no spreadsheet. */
function withDefaultDigits(format: Intl.NumberFormatOptions): Intl.NumberFormatOptions {
  if (format.maximumFractionDigits !== undefined || format.minimumFractionDigits !== undefined) return format;
  if (format.style === 'percent') return { ...format, maximumFractionDigits: 1 };
  if (format.style === 'currency') return format;
  return { ...format, maximumFractionDigits: 1 };
}

/** A signed change in the metric's own format, e.g. "+1.5" or "+0.4%" (percent-style metrics). */
export function formatSigned(value: number, locale: string, format: Intl.NumberFormatOptions): string {
  const options: Intl.NumberFormatOptions = { ...withDefaultDigits(format), signDisplay: 'exceptZero' };
  if (Math.abs(value) >= 10_000) {
    options.notation = 'compact';
    options.maximumFractionDigits = 1;
    delete options.minimumFractionDigits;
  } else if (Math.abs(value) < 10 && format.style !== 'percent' && format.maximumFractionDigits === undefined) {
    options.maximumFractionDigits = Math.abs(value) < 1 ? 2 : 1;
  }
  return numberFormat(locale, options).format(value);
}

/** A relative change as a whole percentage without sign ("25%"); the arrow carries the direction. */
export function formatPercent(fraction: number, locale: string): string {
  const digits = Math.abs(fraction) < 0.1 ? 1 : 0;
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(Math.abs(fraction));
}

/** The trend rate per day ("+1.5/day"), in the metric's format. */
export function formatRate(slopePerDay: number, locale: string, format: Intl.NumberFormatOptions): string {
  return `${formatSigned(slopePerDay, locale, format)}/day`;
}

const dateCache = new Map<string, Intl.DateTimeFormat>();

/** A cached Intl.DateTimeFormat; an unknown zone falls back to UTC rather than failing the frame. */
function dateFormat(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let formatter = dateCache.get(key);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    } catch {
      formatter = new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' });
    }
    dateCache.set(key, formatter);
  }
  return formatter;
}

/** Wall-clock "14:05" (24-hour) of an instant in the screen's zone. */
export function formatClock(instant: number, locale: string, timeZone: string): string {
  if (!Number.isFinite(instant)) return '--:--';
  return dateFormat(locale, timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);
}

/** The local calendar date of an instant as "2026-12-03", for same-day comparisons. */
function localDay(instant: number, timeZone: string): string {
  return dateFormat('en-CA', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** "14:05" when the instant is today in the screen's zone, else "2 Dec 14:05". */
export function formatSince(instant: number, now: number, locale: string, timeZone: string): string {
  if (!Number.isFinite(instant) || !Number.isFinite(now)) return formatClock(instant, locale, timeZone);
  const clock = formatClock(instant, locale, timeZone);
  if (localDay(instant, timeZone) === localDay(now, timeZone)) return clock;
  const day = dateFormat(locale, timeZone, { day: 'numeric', month: 'short' }).format(instant);
  return `${day} ${clock}`;
}

/** Guesses the period unit of a view's window from its length (metric tiles carry no unit). */
export function unitOfPeriod(period: KpiView['period']): PeriodUnit {
  const days = (Date.parse(period.end) - Date.parse(period.start)) / 86_400_000;
  if (!Number.isFinite(days) || days <= 1.5) return 'day';
  if (days <= 8) return 'week';
  if (days <= 32) return 'month';
  if (days <= 93) return 'quarter';
  return 'year';
}

/** The name of the current period for a label: "today", "this week", "December", "Q4 2026", "2026". */
export function periodName(unit: PeriodUnit, period: KpiView['period'], locale: string, timeZone: string): string {
  const start = Date.parse(period.start);
  if (!Number.isFinite(start)) return '';
  switch (unit) {
    case 'day':
      return 'today';
    case 'week':
      return 'this week';
    case 'month':
      return dateFormat(locale, timeZone, { month: 'long' }).format(start);
    case 'quarter':
      return `Q${quarterOf(start, period, timeZone)} ${dateFormat(locale, timeZone, { year: 'numeric' }).format(start)}`;
    case 'year':
      return dateFormat(locale, timeZone, { year: 'numeric' }).format(start);
  }
}

/** Quarter number by the calendar month of the period's start (fiscal quarters keep the label short). */
function quarterOf(start: number, _period: KpiView['period'], timeZone: string): number {
  const month = Number(dateFormat('en-US', timeZone, { month: 'numeric' }).format(start));
  return Math.floor((month - 1) / 3) + 1;
}

/** What the change is measured against: "vs yesterday", "vs November", "vs last week". */
export function previousName(unit: PeriodUnit, period: KpiView['period'], locale: string, timeZone: string): string {
  const start = Date.parse(period.start);
  switch (unit) {
    case 'day':
      return 'vs yesterday';
    case 'week':
      return 'vs last week';
    case 'month':
      return Number.isFinite(start) ? `vs ${dateFormat(locale, timeZone, { month: 'long' }).format(start - 86_400_000)}` : 'vs last month';
    case 'quarter':
      return 'vs last quarter';
    case 'year':
      return 'vs last year';
  }
}
