/** Collects the warnings of one data file, keeping at most a set number so a broken file stays readable. */

/** A bad row or file: where (file, 1-based line) and what is wrong. Never stops the rest loading. */
export interface DataFileWarning {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/** Warnings listed per file before the rest are only counted. */
export const MAX_WARNINGS_PER_FILE = 50;

/** A bounded list of warnings for one file, with a count of those left off. */
export class WarningList {
  readonly items: DataFileWarning[] = [];
  private leftOff = 0;
  constructor(readonly file: string, private readonly limit = MAX_WARNINGS_PER_FILE) {}

  add(line: number, message: string): void {
    if (this.items.length < this.limit) this.items.push({ file: this.file, line, message });
    else this.leftOff += 1;
  }

  /** The warnings, ending with a summary line when some were left off. */
  done(): DataFileWarning[] {
    if (this.leftOff > 0) this.items.push({ file: this.file, line: 0, message: `… and ${this.leftOff} more bad rows skipped` });
    return this.items;
  }
}

/**
 * A value cell as a number, `null` for an explicit gap (`null`, `NaN`, JSON null), or undefined
 * when it is not a number at all (the row is skipped with a warning).
 */
export function parseValue(cell: unknown): number | null | undefined {
  if (typeof cell === 'number') return cell;
  if (cell === null) return null;
  if (typeof cell !== 'string') return undefined;
  const simple = simpleDecimal(cell);
  if (simple !== undefined) return simple;
  const value = Number(cell); // ignores surrounding blanks, but reads '' and '  ' as 0
  if (value === 0) return cell.trim() === '' ? undefined : value;
  if (!Number.isNaN(value)) return value;
  const lower = cell.trim().toLowerCase();
  return lower === 'nan' || lower === 'null' ? null : undefined;
}

/** A cell for a message: quoted and cut short. */
export function showCell(cell: unknown): string {
  const text = typeof cell === 'string' ? cell : JSON.stringify(cell) ?? String(cell);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** Powers of ten that are exact doubles (up to 1e22). */
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, power) => 10 ** power);
/** Digits a plain decimal may have for the fast path (an integer below 2^53 is exact). */
const MAX_FAST_DIGITS = 15;

/**
 * A plain decimal (`-12.345`, `7`, `.5`) read by character codes, or undefined for anything else.
 * The result is exactly `Number(cell)`: with at most 15 digits the digits form an exact integer
 * and the power of ten is exact, so one IEEE division rounds correctly. Data files hold millions
 * of values, and this is several times faster than the general conversion.
 */
export function simpleDecimal(cell: string): number | undefined {
  const length = cell.length;
  if (length === 0 || length > MAX_FAST_DIGITS + 2) return undefined;
  let index = 0;
  const negative = cell.charCodeAt(0) === 45;
  if (negative) index = 1;
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let dot = false;
  for (; index < length; index++) {
    const code = cell.charCodeAt(index);
    if (code >= 48 && code <= 57) {
      mantissa = mantissa * 10 + (code - 48);
      digits++;
      if (dot) scale++;
    } else if (code === 46 && !dot) dot = true;
    else return undefined;
  }
  if (digits === 0 || digits > MAX_FAST_DIGITS) return undefined;
  const value = scale === 0 ? mantissa : mantissa / EXACT_POWERS_OF_TEN[scale]!;
  return negative ? -value : value;
}
