import { describe, expect, it } from 'vitest';
import { LayoutBook } from '../../src/daemon/layout-book.js';
import { parseLayoutText } from '../../src/layout/load.js';
import { smallLayout } from './helpers/layouts.js';

const good = (title: string, file: string) => parseLayoutText(smallLayout(title), file);
const broken = (file: string) => parseLayoutText('title: [unclosed\n', file);

describe('LayoutBook', () => {
  it('keeps the last good version of a page while its newest file is broken', () => {
    const book = new LayoutBook();
    book.apply('/l/page.yaml', good('First', '/l/page.yaml'));
    expect(book.apply('/l/page.yaml', broken('/l/page.yaml'))).toBe(false);
    expect(book.current()?.title).toBe('First');
    expect(book.problems()[0]).toMatchObject({ file: '/l/page.yaml' });
    expect(book.problems()[0]!.line).toBeGreaterThan(0);
    book.apply('/l/page.yaml', good('Second', '/l/page.yaml'));
    expect(book.current()?.title).toBe('Second');
    expect(book.problems()).toEqual([]);
  });

  it('rotates pages in file-name order, skips `_` files, and keeps the shown page across reloads', () => {
    const book = new LayoutBook();
    for (const name of ['c', '_draft', 'a', 'b']) book.apply(`/l/${name}.yaml`, good(name, `/l/${name}.yaml`));
    expect(book.pages().map((p) => p.name)).toEqual(['a', 'b', 'c']);
    expect(book.current()?.name).toBe('a');
    expect(book.advance()?.name).toBe('b');
    book.apply('/l/a.yaml', good('a again', '/l/a.yaml'));
    expect(book.current()?.name).toBe('b');
    expect(book.position()).toEqual({ index: 2, of: 3 });
    expect(book.advance()?.name).toBe('c');
    expect(book.advance()?.name).toBe('a');
    book.remove('/l/a.yaml');
    expect(book.current()?.name).toBe('b');
  });

  it('a broken file that never loaded shows nothing but is reported', () => {
    const book = new LayoutBook();
    book.apply('/l/new.yaml', broken('/l/new.yaml'));
    expect(book.current()).toBeNull();
    expect(book.problems()).toHaveLength(1);
  });
});
