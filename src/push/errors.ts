/**
 * The push protocol's error codes (stable: clients may switch on them) and the reply shapes.
 * docs/PROTOCOL.md has the table; HTTP maps each code to one status.
 */
import type { LayoutProblem } from '../layout/types.js';

export type ErrorCode = 'invalid' | 'unauthorized' | 'too_large' | 'unknown_metric' | 'rate_limited' | 'internal';

/** The HTTP status of each error code. */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  invalid: 400,
  unauthorized: 401,
  too_large: 413,
  unknown_metric: 422,
  rate_limited: 429,
  internal: 500,
};

export interface AckReply {
  readonly type: 'ack';
  readonly id: string | null;
  /** Points stored (points messages). */
  readonly accepted?: number;
  /** Metrics no layout knows yet: stored anyway, named so a typo is noticed. */
  readonly unknown?: readonly string[];
  /** The layout saved (layout messages) and the file it went to. */
  readonly layout?: string;
  readonly file?: string;
  readonly warnings?: readonly LayoutProblem[];
}

export interface ErrorReply {
  readonly type: 'error';
  readonly id: string | null;
  readonly code: ErrorCode;
  readonly message: string;
  /** Where in the message the problem is, e.g. `series.seo_rank[0][1]`. */
  readonly path?: string;
  /** Layout problems (layout messages). */
  readonly problems?: readonly LayoutProblem[];
}

export type Reply = AckReply | ErrorReply;

/** An error reply. */
export function errorReply(id: string | null, code: ErrorCode, message: string, extra: { path?: string; problems?: readonly LayoutProblem[] } = {}): ErrorReply {
  return { type: 'error', id, code, message, ...extra };
}

/** A zod-style path as people write it: keys joined with dots, indices in brackets (`series.seo_rank[0][1]`). */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else {
      const name = String(key);
      text += /^[A-Za-z_$][\w$-]*$/.test(name) ? (text === '' ? name : `.${name}`) : `[${JSON.stringify(name)}]`;
    }
  }
  return text;
}
