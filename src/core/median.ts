/** Puts the k-th smallest of `values[left..right]` at index k (Hoare's quickselect, median-of-three pivot). */
function selectInPlace(values: Float64Array, k: number, left: number, right: number): void {
  while (right > left) {
    const middle = (left + right) >>> 1;
    // Median of three as pivot keeps sorted and reverse-sorted input linear.
    const a = values[left]!, b = values[middle]!, c = values[right]!;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i] = values[j]!;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

/**
 * The median of `values` (no NaN), the mean of the middle two for an even count; null when empty.
 * Reorders `values` in place (pass a copy you own). This runs in `O(n)` on average (quickselect).
 *
 * @example medianInPlace(new Float64Array([3, 1, 4, 1])) // 2
 */
export function medianInPlace(values: Float64Array): number | null {
  const n = values.length;
  if (n === 0) return null;
  const upper = n >>> 1;
  selectInPlace(values, upper, 0, n - 1);
  const upperValue = values[upper]!;
  if (n % 2 === 1) return upperValue;
  // After selecting `upper`, everything left of it is <= it: the lower middle is their maximum.
  let lowerValue = -Infinity;
  for (let i = 0; i < upper; i++) if (values[i]! > lowerValue) lowerValue = values[i]!;
  return (lowerValue + upperValue) / 2;
}

/**
 * The median of a plain array of numbers without changing it; null when empty.
 * This runs in `O(n)` on average.
 *
 * @example median([5, 1, 3]) // 3
 */
export function median(values: readonly number[]): number | null {
  return medianInPlace(Float64Array.from(values));
}
