/**
 * Maps a path inside a parsed YAML/JSON document (`['kpis', 'leads', 'metric']`) to the line and
 * column a person should look at. JSON is read with the same YAML parser, so both get positions.
 */
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

export type PathSegment = string | number;

export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Where a document path points: the key itself (`key: true`, for unknown keys) or its value. */
export interface LocateOptions {
  readonly key?: boolean;
}

/**
 * The 1-based line:column of the node at `path`, or of the deepest existing ancestor when the path
 * ends early (a missing key points at the mapping that lacks it). This runs in `O(depth · width)`.
 */
export function locate(document: Document, lineCounter: LineCounter, path: readonly PathSegment[], options: LocateOptions = {}): Position {
  let node: unknown = document.contents;
  let offset = rangeStart(node) ?? 0;
  for (let index = 0; index < path.length; index += 1) {
    const segment = path[index];
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
      if (pair === undefined) break;
      if (last && options.key === true) {
        offset = rangeStart(pair.key) ?? offset;
        break;
      }
      node = pair.value;
      offset = rangeStart(node) ?? rangeStart(pair.key) ?? offset;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      node = item;
      offset = rangeStart(node) ?? offset;
    } else {
      break;
    }
  }
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return Array.isArray(range) ? range[0] : undefined;
}
