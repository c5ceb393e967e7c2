import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['bin/kpi-signage.js', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('kpi-signage validate', () => {
  it('passes the example layout and data', () => {
    const { status, stdout } = cli('validate', 'layouts/marketing.yaml', 'data/marketing.csv');
    expect(stdout).toBe('ok: 2 files\n');
    expect(status).toBe(0);
  });

  it('lists every error of a broken copy with line:column and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-validate-'));
    const file = join(dir, 'marketing.yaml');
    const broken = readFileSync('layouts/marketing.yaml', 'utf8')
      .replace('timezone: Europe/Berlin', 'timezone: Europe/Berln')
      .replace('grid: { columns: 4,', 'grid: { colums: 4,')
      .replace('drivers: [search_traffic, conversion_rate, seo_rank]', 'drivers: [search_traffic, conversion, seo_rank]')
      .replace('stale_after: 2h\n    trend', 'stale_after: two hours\n    trend')
      .replace('{ metric: seo_rank, at: [0, 2]', '{ metric: seo_rank, at: [1, 1]');
    writeFileSync(file, broken);
    const lines = broken.split('\n');
    const position = (needle: string) => {
      const line = lines.findIndex((text) => text.includes(needle));
      return `${line + 1}:${(lines[line] ?? '').indexOf(needle) + 1}`;
    };
    const { status, stdout } = cli('validate', file);
    expect(status).toBe(1);
    expect(stdout.trim().split('\n')).toEqual([
      `${file}:${position('Europe/Berln')}: unknown time zone 'Europe/Berln' — did you mean 'Europe/Berlin'? use an IANA zone name such as Europe/Berlin or America/New_York`,
      `${file}:${position('colums')}: unknown key 'colums' in grid — did you mean 'columns'? allowed keys: columns, rows, gap`,
      `${file}:${position('two hours')}: bad duration "two hours" at kpis.monthly_leads.stale_after — write a number and a unit: 30s, 15m, 2h or 1d`,
      `${file}:${position('conversion, seo_rank')}: unknown metric 'conversion' at kpis.monthly_leads.drivers[1] — define it under metrics or use one (known: inbound_leads, search_traffic, conversion_rate, email_subscribers, seo_rank)`,
      `${file}:${position('[1, 1]')}: tile 5 (metric seo_rank) at [1, 1] overlaps tile 1 (kpi monthly_leads) at [0, 0] span [2, 2] — move or shrink one of the two tiles so they cover different cells`,
      '5 problems in 1 of 1 file',
    ]);
  });

  it('checks JSON layouts and data files, a directory, and says which kind of file it could not check', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-validate-'));
    writeFileSync(join(dir, 'page.json'), '{\n  "tiles": [\n    { "metric": "x", "at": [0, 0] }\n  ]\n}\n');
    writeFileSync(join(dir, 'points.json'), '{"metric": "x", "points": [\n  ["2026-12-03T10:00:00Z", 1],\n  ["later", 2]\n]}\n');
    writeFileSync(join(dir, 'rows.csv'), 'metric,time,value\nx,2026-12-03T10:00:00Z,1\n');
    writeFileSync(join(dir, 'notes.txt'), 'hi');
    copyFileSync('layouts/marketing.yaml', join(dir, 'ok.yaml'));
    const { status, stdout } = cli('validate', dir, join(dir, 'notes.txt'));
    expect(status).toBe(1);
    expect(stdout).toContain(`${join(dir, 'page.json')}:3:17: unknown metric 'x' at tiles[0].metric`);
    expect(stdout).toContain(`${join(dir, 'points.json')}:3:1: points[1]: bad time "later"`);
    expect(stdout).toContain(`${join(dir, 'notes.txt')}: not a layout (.yaml, .yml, .json) or data file (.csv, .json)`);
    expect(stdout).not.toContain('rows.csv');
    expect(stdout).not.toContain('ok.yaml');
    expect(stdout.trim().split('\n').at(-1)).toBe('3 problems in 3 of 5 files');
  });

  it('never crashes on malformed input: binary, truncated, empty, huge, deeply nested, missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-validate-'));
    const random = Buffer.alloc(4096);
    for (let index = 0; index < random.length; index += 1) random[index] = (index * 7919 + 13) % 256;
    writeFileSync(join(dir, 'binary.yaml'), random);
    writeFileSync(join(dir, 'binary.csv'), random);
    writeFileSync(join(dir, 'binary.json'), random);
    writeFileSync(join(dir, 'truncated.yaml'), readFileSync('layouts/marketing.yaml', 'utf8').slice(0, 700));
    writeFileSync(join(dir, 'empty.yaml'), '');
    writeFileSync(join(dir, 'deep.json'), '['.repeat(20_000) + ']'.repeat(20_000));
    writeFileSync(join(dir, 'deep.yaml'), `a: ${'{b: '.repeat(3_000)}1${'}'.repeat(3_000)}`);
    writeFileSync(join(dir, 'huge.yaml'), `screen: { width: ${'9'.repeat(400)} }\n`);
    writeFileSync(join(dir, 'types.json'), '{"screen": [], "grid": "x", "metrics": 1, "kpis": null, "tiles": {}}');
    const files = ['binary.yaml', 'binary.csv', 'binary.json', 'truncated.yaml', 'empty.yaml', 'deep.json', 'deep.yaml', 'huge.yaml', 'types.json', 'missing.yaml'].map((name) => join(dir, name));
    const { status, stdout, stderr } = cli('validate', ...files);
    expect(stderr).toBe('');
    expect(status).toBe(1);
    for (const file of files) expect(stdout, file).toContain(file);
    expect(stdout.trim().split('\n').at(-1)).toMatch(/ problems in 10 of 10 files$/);
  });
});

describe('kpi-signage schema', () => {
  it('prints the committed JSON Schema', () => {
    const { status, stdout } = cli('schema');
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual(JSON.parse(readFileSync('schema/layout.schema.json', 'utf8')));
  });
});
