import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadLayoutFile, parseLayoutObject, parseLayoutText } from '../../src/layout/load.js';
import { layoutJsonSchema } from '../../src/layout/schema.js';
import type { Layout } from '../../src/layout/types.js';

function layoutOf(text: string, file = 'layouts/sales.yaml'): Layout {
  const result = parseLayoutText(text, file);
  if (!result.ok) throw new Error(result.errors.map(formatProblem).join('\n'));
  return result.layout;
}

const MINIMAL = ['metrics:', '  leads: { better: higher, aggregate: sum }', 'kpis:', '  monthly: { metric: leads, target: 100 }', 'tiles:', '  - { kpi: monthly, at: [0, 0] }'].join('\n');

describe('the loader resolves defaults', () => {
  it('fills screen, grid, KPI and tile defaults', () => {
    const layout = layoutOf(MINIMAL);
    expect(layout.name).toBe('sales');
    expect(layout.title).toBe('sales');
    expect(layout.screen).toEqual({ width: 1920, height: 1080, timezone: 'UTC', locale: 'en-US', rotate: 0, durationMs: 30_000, theme: 'dark' });
    expect(layout.grid).toEqual({ columns: 4, rows: 3, gap: 16 });
    expect(layout.kpis['monthly']).toEqual({
      id: 'monthly',
      label: 'leads',
      metric: 'leads',
      better: 'higher',
      aggregate: 'sum',
      period: 'month',
      target: 100,
      thresholds: [
        { status: 'off_track', from: -Infinity },
        { status: 'at_risk', from: 0.9 },
        { status: 'on_track', from: 1 },
      ],
      staleAfterMs: 7_200_000,
      trend: { bucket: 'day', window: 14, fill: 'gap' },
      drivers: [],
      baseline: 8,
      calendar: { timeZone: 'UTC', weekStart: 1, fiscalYearStart: 1 },
      minElapsed: 0.1,
    });
    expect(layout.tiles).toEqual([{ kind: 'kpi', ref: 'monthly', at: [0, 0], span: [1, 1], view: 'full' }]);
  });

  it('resolves drivers with their own direction and aggregate, thresholds, durations and labels', () => {
    const layout = layoutOf(
      [
        'title: Sales floor',
        'screen: { timezone: America/New_York, duration: 1.5m, rotate: 90, theme: light }',
        'metrics:',
        '  revenue: { label: Revenue, better: higher, aggregate: sum, format: { style: currency, currency: EUR } }',
        '  churn: { better: lower, aggregate: mean }',
        'kpis:',
        '  q: { metric: revenue, period: quarter, thresholds: { off_track: 0.5, at_risk: 0.8, on_track: 0.95 }, stale_after: 1d,',
        '       drivers: [churn], week_start: 7, fiscal_year_start: 4, min_elapsed: 0.2, label: Quarter revenue }',
        'tiles:',
        '  - { kpi: q, at: [0, 0], span: [2, 3] }',
        '  - { metric: churn, at: [2, 0], view: sparkline, label: Churn today }',
      ].join('\n'),
    );
    expect(layout.title).toBe('Sales floor');
    expect(layout.screen).toMatchObject({ timezone: 'America/New_York', durationMs: 90_000, rotate: 90, theme: 'light' });
    const kpi = layout.kpis['q'];
    expect(kpi).toMatchObject({ label: 'Quarter revenue', target: null, staleAfterMs: 86_400_000, minElapsed: 0.2 });
    expect(kpi?.thresholds.map((step) => step.from)).toEqual([-Infinity, 0.8, 0.95]);
    expect(kpi?.drivers).toEqual([{ metric: 'churn', better: 'lower', aggregate: 'mean' }]);
    expect(kpi?.calendar).toEqual({ timeZone: 'America/New_York', weekStart: 7, fiscalYearStart: 4 });
    expect(layout.metrics['revenue']?.format).toEqual({ style: 'currency', currency: 'EUR' });
    expect(layout.metrics['churn']).toMatchObject({ label: 'churn', period: 'day', staleAfterMs: 7_200_000 });
    expect(layout.tiles[1]).toEqual({ kind: 'metric', ref: 'churn', at: [2, 0], span: [1, 1], view: 'sparkline', label: 'Churn today' });
  });

  it('warns (without failing) about a KPI that has no tile', () => {
    const result = parseLayoutText(MINIMAL.replace('  - { kpi: monthly, at: [0, 0] }', '  - { metric: leads, at: [0, 0] }'), 'a.yaml');
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.warnings.map((w) => [w.line, w.message])).toEqual([[4, "KPI 'monthly' has no tile"]]);
  });
});

describe('the marketing example', () => {
  it('loads clean: the DESIGN scenario on a 4x3 grid in Europe/Berlin', async () => {
    const result = await loadLayoutFile('layouts/marketing.yaml');
    if (!result.ok) throw new Error(result.errors.map(formatProblem).join('\n'));
    expect(result.warnings).toEqual([]);
    const { layout } = result;
    expect(layout.screen).toMatchObject({ width: 1920, height: 1080, timezone: 'Europe/Berlin' });
    expect(layout.grid).toMatchObject({ columns: 4, rows: 3 });
    expect(layout.kpis['monthly_leads']?.drivers.map((driver) => driver.metric)).toEqual(['search_traffic', 'conversion_rate', 'seo_rank']);
    expect(layout.kpis['monthly_leads']?.period).toBe('month');
    expect(Object.keys(layout.kpis).length).toBeGreaterThanOrEqual(2);
    expect(layout.tiles.some((tile) => tile.kind === 'metric')).toBe(true);
  });

  it('points editors at the schema', () => {
    expect(readFileSync('layouts/marketing.yaml', 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/layout.schema.json');
  });
});

describe('layouts pushed as objects', () => {
  it('resolve like files, named by the push', () => {
    const result = parseLayoutObject({ metrics: { leads: { better: 'higher', aggregate: 'sum' } }, tiles: [{ metric: 'leads', at: [0, 0] }] }, 'lobby');
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.layout).toMatchObject({ name: 'lobby', source: 'push:lobby', title: 'lobby' });
  });

  it('put the document path in the message (objects have no lines)', () => {
    const result = parseLayoutObject({ grid: { colums: 3 }, tiles: [{ metric: 'nope', at: [0, 0] }] }, 'lobby');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.map(formatProblem)).toEqual([
        "push:lobby: grid.colums: unknown key 'colums' in grid — did you mean 'columns'? allowed keys: columns, rows, gap",
        "push:lobby: tiles[0].metric: unknown metric 'nope' at tiles[0].metric — define it under metrics or use one (metrics is empty)",
      ]);
    }
  });

  it('never throws on values that are not layouts', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['screen'] = cyclic;
    for (const value of [null, undefined, 42, 'text', [], [1, 2], cyclic, { tiles: 'x' }, { kpis: [] }]) {
      expect(parseLayoutObject(value, 'x').ok).toBe(false);
    }
  });
});

describe('the published JSON Schema', () => {
  it('schema/layout.schema.json is the one generated from the zod schema (run `kpi-signage schema > schema/layout.schema.json`)', () => {
    const committed: unknown = JSON.parse(readFileSync('schema/layout.schema.json', 'utf8'));
    expect(committed).toEqual(layoutJsonSchema());
  });

  it('documents the defaults and forbids unknown keys', () => {
    const schema = layoutJsonSchema() as { properties: Record<string, { properties?: Record<string, { default?: unknown }>; additionalProperties?: unknown }>; additionalProperties: unknown };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties['screen']?.properties?.['width']?.default).toBe(1920);
    expect(schema.properties['grid']?.additionalProperties).toBe(false);
  });
});

describe('layout file names', () => {
  it('names pages after the file; files starting with _ are validated but not shown; dotfiles are not layouts', async () => {
    const { isLayoutFileName, isShownPage, layoutName } = await import('../../src/layout/load.js');
    expect(layoutName('layouts/10-sales.yaml')).toBe('10-sales');
    expect(['a.yaml', 'b.yml', 'c.json', '_draft.yaml', '.a.yaml.x1Y2z3', 'notes.txt', 'a.yaml~'].map(isLayoutFileName)).toEqual([true, true, true, true, false, false, false]);
    expect(['a.yaml', '_draft.yaml', 'layouts/_x.json'].map(isShownPage)).toEqual([true, false, false]);
  });
});
