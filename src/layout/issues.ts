/**
 * Turns zod's structural issues into problems a person can act on: what is wrong, in words, and
 * what to write instead (allowed keys with the closest one, allowed values, the expected type).
 */
import type * as z from 'zod';
import { closest } from './closest.js';
import type { PathSegment } from './positions.js';

/** A problem before it has a file position: the document path, and whether it is about the key. */
export interface PathProblem {
  readonly path: readonly PathSegment[];
  readonly key: boolean;
  readonly message: string;
  readonly fix: string;
}

/** `kpis.leads.drivers[2]`: a path as a person reads it. */
export function pathText(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text === '' ? '(top level)' : text;
}

/** The value at a path of a plain object, or undefined when the path does not exist. */
export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[String(segment)];
  }
  return node;
}

/** A short description of a value for messages: `"abc"`, `12`, `a list`, `a mapping`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

interface ZodDefLike {
  readonly type: string;
  readonly shape?: Record<string, { _zod: { def: ZodDefLike } }>;
  readonly innerType?: { _zod: { def: ZodDefLike } };
  readonly valueType?: { _zod: { def: ZodDefLike } };
  readonly element?: { _zod: { def: ZodDefLike } };
  readonly items?: readonly { _zod: { def: ZodDefLike } }[];
  readonly in?: { _zod: { def: ZodDefLike } };
}

function unwrap(def: ZodDefLike): ZodDefLike {
  let current = def;
  for (let guard = 0; guard < 16; guard += 1) {
    const inner = current.innerType ?? (current.type === 'pipe' ? current.in : undefined);
    if (inner === undefined) break;
    current = inner._zod.def;
  }
  return current;
}

/** The keys the schema allows in the mapping at `path`, or [] when it is not a fixed mapping. */
export function allowedKeysAt(schema: z.ZodType, path: readonly PathSegment[]): string[] {
  let def = unwrap((schema as unknown as { _zod: { def: ZodDefLike } })._zod.def);
  for (const segment of path) {
    let next: { _zod: { def: ZodDefLike } } | undefined;
    if (def.type === 'object') next = def.shape?.[String(segment)];
    else if (def.type === 'record') next = def.valueType;
    else if (def.type === 'array') next = def.element;
    else if (def.type === 'tuple' && typeof segment === 'number') next = def.items?.[segment];
    if (next === undefined) return [];
    def = unwrap(next._zod.def);
  }
  return def.type === 'object' && def.shape !== undefined ? Object.keys(def.shape) : [];
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  array: 'a list',
  tuple: 'a list',
  record: 'a mapping (key: value)',
};

/**
 * One zod issue as a problem with a message and a fix. Unknown keys become one problem per key,
 * positioned on the key, naming the allowed keys and the closest one.
 */
export function problemsFromIssue(issue: z.core.$ZodIssue, schema: z.ZodType, root: unknown): PathProblem[] {
  const path = issue.path.filter((segment): segment is PathSegment => typeof segment !== 'symbol');
  const where = pathText(path);
  const value = valueAt(root, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeysAt(schema, path).filter((key) => key !== '$schema');
      return issue.keys.map((key) => {
        const suggestion = closest(key, allowed);
        const inside = path.length === 0 ? 'at the top level' : `in ${where}`;
        const hint = suggestion === null ? '' : `did you mean '${suggestion}'? `;
        return { path: [...path, key], key: true, message: `unknown key '${key}' ${inside}`, fix: `${hint}allowed keys: ${allowed.join(', ')}` };
      });
    }
    case 'invalid_type': {
      const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
      if (value === undefined) {
        return [{ path, key: false, message: `${where} is missing`, fix: `add ${path.at(-1) ?? 'it'}: ${expected}` }];
      }
      const nonFinite = typeof value === 'number' && !Number.isFinite(value);
      const got = nonFinite ? `${describeValue(value)} (too large or not a number)` : describeValue(value);
      return [{ path, key: false, message: `${where} must be ${expected}, not ${got}`, fix: `write ${expected}` }];
    }
    case 'invalid_value': {
      const allowed = issue.values.map((option) => String(option));
      if (value === undefined) return [{ path, key: false, message: `${where} is missing`, fix: `add ${path.at(-1) ?? 'it'}: one of ${allowed.join(', ')}` }];
      const suggestion = typeof value === 'string' ? closest(value, allowed) : null;
      const hint = suggestion === null ? '' : `did you mean '${suggestion}'? `;
      return [{ path, key: false, message: `${where} is ${describeValue(value)}, which is not allowed`, fix: `${hint}use one of: ${allowed.join(', ')}` }];
    }
    case 'too_small':
    case 'too_big': {
      const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const inclusive = issue.inclusive !== false;
      const words = issue.code === 'too_small' ? (inclusive ? 'at least' : 'more than') : inclusive ? 'at most' : 'less than';
      const unit = issue.origin === 'string' ? ' characters long' : issue.origin === 'array' ? ' items long' : '';
      return [{ path, key: false, message: `${where} is ${describeValue(value)}, must be ${words} ${bound}${unit}`, fix: `use a value ${words} ${bound}${unit}` }];
    }
    case 'invalid_format': {
      const isDuration = path.at(-1) === 'stale_after' || path.at(-1) === 'duration';
      if (isDuration) {
        return [{ path, key: false, message: `bad duration ${describeValue(value)} at ${where}`, fix: 'write a number and a unit: 30s, 15m, 2h or 1d' }];
      }
      return [{ path, key: false, message: `${where} is ${describeValue(value)}, not a valid ${issue.format}`, fix: 'correct the value' }];
    }
    default:
      return [{ path, key: false, message: `${where}: ${issue.message}`, fix: 'correct the value (see schema/layout.schema.json)' }];
  }
}
