import type { Better } from './types.js';

/** How far a value is from its target, signed so that positive is good. */
export interface TargetDistance {
  readonly gap: number | null;
  readonly gapPct: number | null;
  readonly attainment: number | null;
}

/** `+1` when higher is better, `-1` when lower is better: the `s` of KPI-SPEC. */
export function directionSign(better: Better): 1 | -1 {
  return better === 'lower' ? -1 : 1;
}

/**
 * Distance of `value` to `target` (KPI-SPEC §4): `gap = s * (value - target)`,
 * `gapPct = gap / |target|`, `attainment = 1 + gapPct`. With target 0 (or so near 0 that the ratio
 * overflows), gapPct and attainment are null and gap stays; with no target or no value, all three
 * are null. This runs in `O(1)`.
 *
 * @example distanceToTarget(2.5, 2.0, 'lower') // { gap: -0.5, gapPct: -0.25, attainment: 0.75 }
 */
export function distanceToTarget(value: number | null, target: number | null, better: Better): TargetDistance {
  if (value === null || target === null || !Number.isFinite(value) || !Number.isFinite(target)) {
    return { gap: null, gapPct: null, attainment: null };
  }
  const gap = directionSign(better) * (value - target);
  if (target === 0) return { gap, gapPct: null, attainment: null };
  const gapPct = gap / Math.abs(target);
  // A target so close to 0 that the ratio overflows is as meaningless as a target of 0.
  if (!Number.isFinite(gapPct)) return { gap, gapPct: null, attainment: null };
  return { gap, gapPct, attainment: 1 + gapPct };
}
