// Pure tile layout with a stand-in measure: what a tile keeps as it shrinks, and where wide tiles
// put their graphics. No canvas.
import { describe, expect, test } from 'vitest';
import type { Measure } from '../../src/render/text-fit.js';
import { layoutTile, type TileContent } from '../../src/render/tile-layout.js';

const mono: Measure = (text, size) => Array.from(text).length * size * 0.6;

const full: TileContent = {
  label: 'Inbound leads · December',
  value: '1,234',
  valueCompact: '1.2K',
  status: 'off_track',
  statusWord: 'off track',
  change: { text: '▼ 22% vs November', favorable: false },
  trend: { text: '↘ -2.3/day', improving: false },
  bullet: true,
  bulletLegend: '42% of 1,200 · expected 678',
  spark: true,
  cause: 'Likely cause: Website conversion ▼ 25%',
  stale: '◷ no data since 14:05',
};

const roles = (rect: { x: number; y: number; width: number; height: number }, content: TileContent = full) => {
  const layout = layoutTile(rect, content, mono);
  return { layout, roles: layout.items.map((item) => item.role) };
};

describe('layoutTile', () => {
  test('a roomy tile shows every part, the value in the largest type', () => {
    const { layout, roles: shown } = roles({ x: 0, y: 0, width: 900, height: 700 });
    expect(shown).toEqual(expect.arrayContaining(['value', 'status', 'label', 'change', 'trend', 'legend', 'cause', 'stale']));
    expect(layout.bullet).not.toBeNull();
    expect(layout.spark).not.toBeNull();
    expect(layout.badge).not.toBeNull();
    const value = layout.items.find((item) => item.role === 'value')!;
    for (const item of layout.items) expect(item.size).toBeLessThanOrEqual(value.size);
  });

  test('a small tile drops the sparkline and bullet first, and keeps value, label, stale and cause', () => {
    const { layout, roles: shown } = roles({ x: 0, y: 0, width: 150, height: 80 });
    expect(layout.spark).toBeNull();
    expect(layout.bullet).toBeNull();
    expect(shown).toEqual(expect.arrayContaining(['value', 'label', 'stale', 'cause']));
  });

  test('a tiny tile still shows the value', () => {
    const { roles: shown } = roles({ x: 0, y: 0, width: 60, height: 30 });
    expect(shown).toContain('value');
  });

  test('a number too wide at a readable size falls back to compact notation', () => {
    const { layout } = roles({ x: 0, y: 0, width: 200, height: 300 }, { ...full, value: '€123,456,789,012', valueCompact: '€123B' });
    expect(layout.items.find((item) => item.role === 'value')?.text).toBe('€123B');
  });

  test('a wide tile puts the bullet graph and sparkline beside the value', () => {
    const { layout } = roles({ x: 0, y: 0, width: 1000, height: 250 });
    const value = layout.items.find((item) => item.role === 'value')!;
    expect(layout.bullet!.bar.x).toBeGreaterThan(value.x + value.width);
    expect(layout.spark!.x).toBeGreaterThan(value.x + value.width);
  });

  test('without a status there is no badge, and the label takes the row', () => {
    const { layout } = roles({ x: 0, y: 0, width: 400, height: 300 }, { ...full, status: null, statusWord: '' });
    expect(layout.badge).toBeNull();
    expect(layout.items.find((item) => item.role === 'label')?.text).toBe('Inbound leads · December');
  });
});
