/** Milliseconds per duration unit: `s`, `m`, `h`, `d`. */
const UNIT_MS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The pattern a duration must match; also published in the JSON Schema. */
export const DURATION_PATTERN = '^[0-9]+(\\.[0-9]+)?[smhd]$';

/** The longest duration a layout may ask for (a year): anything larger is a typo. */
export const MAX_DURATION_MS = 366 * 86_400_000;

/**
 * A layout duration (`30s`, `15m`, `2h`, `1d`, also `1.5h`) in milliseconds, or null when the text
 * is not one. This runs in `O(1)`.
 *
 * @example parseDuration('2h') // 7200000
 */
export function parseDuration(text: string): number | null {
  const match = /^([0-9]+(?:\.[0-9]+)?)([smhd])$/.exec(text);
  if (match === null) return null;
  const amount = Number(match[1]);
  const unit = UNIT_MS[match[2] ?? ''];
  if (unit === undefined || !Number.isFinite(amount)) return null;
  return Math.round(amount * unit);
}
