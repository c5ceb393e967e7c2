/** A bounded memo table: pure functions of their arguments remember results between frames. */
export interface Memo<Value> {
  get(key: string): Value | undefined;
  set(key: string, value: Value): Value;
}

/**
 * A memo table holding at most `capacity` entries; when full it is emptied (old frames' keys are
 * not needed again, so a simple clear beats LRU bookkeeping). Get and set run in `O(1)`.
 *
 * @example const squares = createMemo<number>(100); squares.get('3') ?? squares.set('3', 9) // 9
 */
export function createMemo<Value>(capacity: number): Memo<Value> {
  const entries = new Map<string, Value>();
  return {
    get: (key) => entries.get(key),
    set: (key, value) => {
      if (entries.size >= capacity) entries.clear();
      entries.set(key, value);
      return value;
    },
  };
}
