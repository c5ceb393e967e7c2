import { directionSign } from './target.js';
import type { Better, KpiView } from './types.js';

/**
 * The change of `value` against `previous`, the same elapsed part of the previous period
 * (KPI-SPEC §5): `delta = value - previous`, `pct = delta / |previous|` (previous 0: pct is 0 when
 * value is 0 too, else null), `favorable = s * delta > 0` (null when delta is 0). Either side null
 * (no data): delta, pct and favorable are null. This runs in `O(1)`.
 *
 * @example compareWithPrevious(120, 100, 'higher') // { value: 100, delta: 20, pct: 0.2, favorable: true }
 */
export function compareWithPrevious(value: number | null, previous: number | null, better: Better): KpiView['previous'] {
  if (value === null || previous === null || !Number.isFinite(value) || !Number.isFinite(previous)) {
    return { value: previous !== null && Number.isFinite(previous) ? previous : null, delta: null, pct: null, favorable: null };
  }
  const delta = value - previous;
  const pct = previous === 0 ? (value === 0 ? 0 : null) : delta / Math.abs(previous);
  const favorable = delta === 0 ? null : directionSign(better) * delta > 0;
  return { value: previous, delta, pct, favorable };
}
