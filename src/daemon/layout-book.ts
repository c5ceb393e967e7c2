/**
 * The layouts the daemon knows: per page name the last good version and the problems of the
 * newest attempt. A broken file is reported while its last good version stays on screen; the
 * pages shown rotate in file-name order, `_` files are not shown.
 */
import { basename } from 'node:path';
import { layoutName } from '../layout/load.js';
import type { Layout, LayoutProblem, LayoutResult } from '../layout/types.js';

interface Entry {
  /** The file (or `push:<name>`) the newest version came from. */
  source: string;
  good: Layout | null;
  problems: readonly LayoutProblem[];
}

/** Layout versions by page name, and which page is shown. */
export class LayoutBook {
  private readonly entries = new Map<string, Entry>();
  private currentName: string | null = null;

  /** Records the result of loading `source`; returns true when what can be shown changed. */
  apply(source: string, result: LayoutResult, name = layoutName(source)): boolean {
    const entry = this.entries.get(name) ?? { source, good: null, problems: [] };
    entry.source = source;
    if (result.ok) {
      entry.good = result.layout;
      entry.problems = [];
    } else {
      entry.problems = result.errors;
    }
    this.entries.set(name, entry);
    return result.ok;
  }

  /** Forgets a page whose file was deleted; true when it was known. */
  remove(source: string): boolean {
    return this.entries.delete(layoutName(source));
  }

  /** Every page that can be shown, in file-name order (`_` names are kept but not shown). */
  pages(): Layout[] {
    return [...this.entries.entries()]
      .filter(([name, entry]) => entry.good !== null && !name.startsWith('_'))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, entry]) => entry.good!);
  }

  /** The page on screen now (kept across reloads while it exists), or null when there is none. */
  current(): Layout | null {
    const pages = this.pages();
    if (pages.length === 0) return null;
    const found = pages.find((page) => page.name === this.currentName);
    if (found !== undefined) return found;
    this.currentName = pages[0]!.name;
    return pages[0]!;
  }

  /** Position of the current page, 1-based, and how many pages rotate. */
  position(): { index: number; of: number } {
    const pages = this.pages();
    const current = this.current();
    return { index: current === null ? 0 : pages.findIndex((p) => p.name === current.name) + 1, of: pages.length };
  }

  /** Moves on to the next page in file-name order; returns it. */
  advance(): Layout | null {
    const pages = this.pages();
    if (pages.length === 0) return null;
    const index = pages.findIndex((page) => page.name === this.currentName);
    const next = pages[(index + 1) % pages.length]!;
    this.currentName = next.name;
    return next;
  }

  /** Shows the named page next (a pushed layout is shown at once). */
  showNow(name: string): void {
    if (this.entries.get(name)?.good) this.currentName = name;
  }

  /** The problems of every layout whose newest version is broken, in page order. */
  problems(): LayoutProblem[] {
    return [...this.entries.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .flatMap(([, entry]) => entry.problems);
  }

  /** Names of files known, for logs. */
  sources(): string[] {
    return [...this.entries.values()].map((entry) => basename(entry.source));
  }
}
