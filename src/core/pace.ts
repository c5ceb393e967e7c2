import { distanceToTarget } from './target.js';
import type { Better, KpiView } from './types.js';

/**
 * Pace of an additive (sum, count) period-to-date `value` against the period `target` when a
 * fraction `elapsed` of the period has passed (KPI-SPEC §6): `expected = target * f`,
 * `projected = value / f` (= value once f ≥ 1, and = value at f = 0 where there is nothing to
 * extrapolate), `attainment` = attainment of projected against target. Null without a target or
 * value. Whether pace is judged yet (min_elapsed) is decided by the status. This runs in `O(1)`.
 *
 * @example paceOf(46000, 100000, 360 / 743, 'higher') // { expected: 48452.22…, projected: 94938.88…, attainment: 0.9493… }
 */
export function paceOf(value: number | null, target: number | null, elapsed: number, better: Better): KpiView['pace'] {
  if (value === null || target === null || !Number.isFinite(value) || !Number.isFinite(target)) return null;
  const fraction = Math.min(1, Math.max(0, elapsed));
  const expected = target * fraction;
  const projected = fraction > 0 ? value / fraction : value;
  return { expected, projected, attainment: distanceToTarget(projected, target, better).attainment };
}
