/** Suggestions further than this many edits from the typo are not worth showing. */
const MAX_SUGGESTION_DISTANCE = 3;

/** Edit distance (insert, delete, substitute) between two short strings. This runs in `O(a·b)`. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidate nearest to a misspelt name (case-insensitive edit distance), or null when none is
 * close enough to be a likely typo.
 *
 * @example closest('colums', ['columns', 'rows', 'gap']) // 'columns'
 */
export function closest(name: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  const wanted = name.toLowerCase().slice(0, 64);
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.min(MAX_SUGGESTION_DISTANCE, Math.max(1, Math.floor(wanted.length / 2)));
  return bestDistance <= limit ? best : null;
}
