import type { Status, ThresholdStep } from './types.js';

/** The default steps (KPI-SPEC §7): off_track below 0.90, at_risk from 0.90, on_track from 1.00. */
export const DEFAULT_THRESHOLDS: readonly ThresholdStep[] = [
  { status: 'off_track', from: -Infinity },
  { status: 'at_risk', from: 0.9 },
  { status: 'on_track', from: 1 },
];

/** What the status is computed from. */
export interface StatusInput {
  /** Points in the current period so far; 0 means no data. */
  readonly n: number;
  readonly target: number | null;
  /** paceAttainment for additive KPIs, attainment otherwise; null when there is none. */
  readonly score: number | null;
  /** Whether the KPI is judged on pace (additive with a target). */
  readonly paced: boolean;
  /** Elapsed fraction of the period. */
  readonly elapsed: number;
  /** Fraction before which pace is not judged (default 0.1). */
  readonly minElapsed: number;
}

/**
 * The step `score` falls in, Grafana style: steps sorted ascending by `from`, the last step whose
 * `from` is ≤ score wins; below every step, the lowest step. Returns null for a non-finite score.
 * This runs in `O(k log k)` for k steps.
 *
 * @example stepOf(0.95, DEFAULT_THRESHOLDS) // 'at_risk'
 */
export function stepOf(score: number, steps: readonly ThresholdStep[]): ThresholdStep['status'] | null {
  if (!Number.isFinite(score) || steps.length === 0) return null;
  const ordered = [...steps].sort((a, b) => a.from - b.from);
  let chosen = ordered[0]!;
  for (const step of ordered) if (step.from <= score) chosen = step;
  return chosen.status;
}

/**
 * The status of a KPI (KPI-SPEC §6, §7), checked in this order: no data in the period → `no_data`;
 * no target → `unknown`; paced and before `minElapsed` → `early`; non-finite score → `unknown`;
 * otherwise the threshold step of the score. This runs in `O(k log k)` for k steps.
 *
 * @example statusOf({ n: 12, target: 100000, score: 0.9494, paced: true, elapsed: 0.48, minElapsed: 0.1 }, DEFAULT_THRESHOLDS) // 'at_risk'
 */
export function statusOf(input: StatusInput, steps: readonly ThresholdStep[] = DEFAULT_THRESHOLDS): Status {
  if (input.n === 0) return 'no_data';
  if (input.target === null) return 'unknown';
  if (input.paced && input.elapsed < input.minElapsed) return 'early';
  if (input.score === null || !Number.isFinite(input.score)) return 'unknown';
  return stepOf(input.score, steps.length > 0 ? steps : DEFAULT_THRESHOLDS) ?? 'unknown';
}
