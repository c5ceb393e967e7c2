import { describe, expect, it } from 'vitest';
import { formatProblem, parseLayoutText } from '../../src/layout/load.js';
import type { LayoutProblem, LayoutResult } from '../../src/layout/types.js';

/** A valid page the broken variants start from (line numbers matter below). */
const VALID = [
  'screen: { timezone: Europe/Berlin }', // 1
  'grid: { columns: 4, rows: 3 }', // 2
  'metrics:', // 3
  '  leads: { better: higher, aggregate: sum }', // 4
  '  traffic: { better: higher, aggregate: sum, format: { style: percent } }', // 5
  'kpis:', // 6
  '  monthly:', // 7
  '    metric: leads', // 8
  '    target: 100', // 9
  '    stale_after: 2h', // 10
  '    drivers: [traffic]', // 11
  'tiles:', // 12
  '  - { kpi: monthly, at: [0, 0], span: [2, 2] }', // 13
  '  - { metric: traffic, at: [2, 0] }', // 14
].join('\n');

function errorsOf(result: LayoutResult): readonly LayoutProblem[] {
  if (result.ok) throw new Error('expected the layout to be rejected');
  return result.errors;
}

/** Replaces one 1-based line of VALID. */
function withLine(line: number, text: string): string {
  const lines = VALID.split('\n');
  lines[line - 1] = text;
  return lines.join('\n');
}

describe('layout problems carry file:line:column, a message and a fix', () => {
  it('accepts the valid page', () => {
    const result = parseLayoutText(VALID, 'layouts/page.yaml');
    expect(result.ok).toBe(true);
  });

  it('unknown key: points at the key, names the allowed keys and the closest one', () => {
    const [problem, ...rest] = errorsOf(parseLayoutText(withLine(2, 'grid: { colums: 4, rows: 3 }'), 'page.yaml'));
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ file: 'page.yaml', line: 2, column: 9 });
    expect(problem?.message).toContain("unknown key 'colums' in grid");
    expect(problem?.fix).toContain("did you mean 'columns'?");
    expect(problem?.fix).toContain('columns, rows, gap');
  });

  it('unknown metric in a KPI, a driver and a tile', () => {
    const text = withLine(14, '  - { metric: trafic, at: [2, 0] }').replace('    metric: leads', '    metric: lead').replace('[traffic]', '[traffic, seo]');
    const errors = errorsOf(parseLayoutText(text, 'page.yaml'));
    expect(errors.map((p) => [p.line, p.column])).toEqual([[8, 13], [11, 24], [14, 15]]);
    expect(errors[0]?.message).toBe("unknown metric 'lead' at kpis.monthly.metric");
    expect(errors[0]?.fix).toContain("did you mean 'leads'?");
    expect(errors[1]?.message).toBe("unknown metric 'seo' at kpis.monthly.drivers[1]");
    expect(errors[2]?.fix).toContain("did you mean 'traffic'?");
  });

  it('unknown time zone, with a suggestion', () => {
    const [problem] = errorsOf(parseLayoutText(withLine(1, 'screen: { timezone: Europe/Berln }'), 'page.yaml'));
    expect(problem).toMatchObject({ line: 1, column: 21, message: "unknown time zone 'Europe/Berln'" });
    expect(problem?.fix).toContain("did you mean 'Europe/Berlin'?");
  });

  it('overlapping tiles: names both', () => {
    const [problem] = errorsOf(parseLayoutText(withLine(14, '  - { metric: traffic, at: [1, 1] }'), 'page.yaml'));
    expect(problem).toMatchObject({ line: 14, column: 28 });
    expect(problem?.message).toBe('tile 2 (metric traffic) at [1, 1] overlaps tile 1 (kpi monthly) at [0, 0] span [2, 2]');
  });

  it('a tile outside the grid', () => {
    const [problem] = errorsOf(parseLayoutText(withLine(14, '  - { metric: traffic, at: [3, 2], span: [2, 1] }'), 'page.yaml'));
    expect(problem).toMatchObject({ line: 14, column: 28 });
    expect(problem?.message).toContain('reaches outside the 4x3 grid');
  });

  it('a bad duration', () => {
    const [problem] = errorsOf(parseLayoutText(withLine(10, '    stale_after: 2 hours'), 'page.yaml'));
    expect(problem).toMatchObject({ line: 10, column: 18, message: 'bad duration "2 hours" at kpis.monthly.stale_after' });
    expect(problem?.fix).toContain('30s, 15m, 2h or 1d');
  });

  it('a bad number format (Intl.NumberFormat refuses it)', () => {
    const [problem] = errorsOf(parseLayoutText(withLine(5, '  traffic: { better: higher, aggregate: sum, format: { style: currency } }'), 'page.yaml'));
    expect(problem).toMatchObject({ line: 5, column: 54 });
    expect(problem?.message).toMatch(/^bad number format at metrics\.traffic\.format: .*[Cc]urrency/);
  });

  it('a YAML syntax error with its position', () => {
    const errors = errorsOf(parseLayoutText(withLine(11, '    drivers: [traffic'), 'page.yaml'));
    expect(errors[0]?.message).toMatch(/^syntax error: /);
    expect(errors[0]?.line).toBeGreaterThanOrEqual(11);
    expect(errors[0]?.line).toBeLessThanOrEqual(12);
  });

  it('a duplicate key is a syntax error at the second occurrence', () => {
    const [problem] = errorsOf(parseLayoutText(`${VALID}\ngrid: { columns: 2 }`, 'page.yaml'));
    expect(problem).toMatchObject({ line: 15, column: 1 });
    expect(problem?.fix).toBe('keep each key once in a mapping');
  });

  it('reports every problem at once, sorted by position', () => {
    const text = withLine(2, 'grid: { colums: 4, rows: 3 }').replace('Europe/Berlin', 'Mars/Olympus').replace('2h', 'soon');
    const errors = errorsOf(parseLayoutText(text, 'page.yaml'));
    expect(errors.map((p) => p.line)).toEqual([1, 2, 10]);
  });

  it('wrong types, huge numbers and missing keys are problems, not crashes', () => {
    const text = VALID.replace('target: 100', 'target: 1e999').replace('columns: 4', 'columns: four').replace('{ better: higher, aggregate: sum }', '{ better: higher }');
    const errors = errorsOf(parseLayoutText(text, 'page.yaml'));
    expect(errors.map(formatProblem)).toEqual([
      'page.yaml:2:18: grid.columns must be a number, not "four" — write a number',
      'page.yaml:4:10: metrics.leads.aggregate is missing — add aggregate: one of sum, count, mean, median, min, max, last',
      'page.yaml:9:13: kpis.monthly.target must be a number, not Infinity (too large or not a number) — write a number',
    ]);
  });

  it('an empty file, a comment-only file and a non-mapping document', () => {
    expect(errorsOf(parseLayoutText('', 'a.yaml'))[0]?.message).toBe('the file is empty');
    expect(errorsOf(parseLayoutText('# nothing\n', 'a.yaml'))[0]?.message).toContain('no content');
    const [list] = errorsOf(parseLayoutText('- 1\n- 2\n', 'a.yaml'));
    expect(list).toMatchObject({ line: 1, column: 1 });
    expect(list?.message).toContain('must be a mapping');
    expect(errorsOf(parseLayoutText('just text', 'a.yaml'))[0]?.message).toContain('must be a mapping');
  });
});

describe('JSON layouts get the same problems with line:column', () => {
  it('positions problems in JSON text', () => {
    const json = [
      '{', //
      '  "screen": { "timezone": "Nowhere/City" },',
      '  "metrics": { "leads": { "better": "higher", "aggregate": "sum" } },',
      '  "tiles": [',
      '    { "metric": "leads", "at": [0, 0], "colour": "red" }',
      '  ]',
      '}',
    ].join('\n');
    const errors = errorsOf(parseLayoutText(json, 'page.json'));
    expect(errors.map((p) => [p.line, p.column, p.message])).toEqual([
      [2, 27, "unknown time zone 'Nowhere/City'"],
      [5, 40, "unknown key 'colour' in tiles[0]"],
    ]);
  });

  it('a JSON syntax error has its position', () => {
    const [problem] = errorsOf(parseLayoutText('{\n  "grid": { "columns": 4,, }\n}', 'page.json'));
    expect(problem?.line).toBe(2);
    expect(problem?.message).toMatch(/^syntax error/);
  });
});

describe('formatProblem', () => {
  it('prints file:line:column: message — fix', () => {
    expect(formatProblem({ file: 'a.yaml', line: 3, column: 7, message: 'unknown key', fix: 'remove it' })).toBe('a.yaml:3:7: unknown key — remove it');
  });
});
