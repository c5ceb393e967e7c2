/**
 * The first index `i` in the ascending array `times` with `times[i] >= target` (`times.length`
 * when there is none): where a half-open window starting at `target` begins.
 * This runs in `O(log n)`.
 *
 * @example lowerBound(new Float64Array([1, 3, 3, 7]), 3) // 1
 */
export function lowerBound(times: Float64Array, target: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (times[middle]! < target) low = middle + 1;
    else high = middle;
  }
  return low;
}
