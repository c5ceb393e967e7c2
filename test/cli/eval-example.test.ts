import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function generate(...args: string[]): string {
  const result = spawnSync(process.execPath, ['scripts/gen-example-data.mjs', ...args], { encoding: 'utf8', timeout: 60_000 });
  expect(result.status).toBe(0);
  return result.stdout;
}

describe('the example data generator', () => {
  it('reproduces the committed data/marketing.csv exactly (seeded, fixed end)', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'kpi-gen-')), 'marketing.csv');
    generate('--out', out);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync('data/marketing.csv', 'utf8'));
  });

  it('writes data ending at --now for a live demo, and eval shows the same story then', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-gen-'));
    generate('--now', '2027-03-10T15:20:00Z', '--out', join(dir, 'marketing.csv'));
    const rows = readFileSync(join(dir, 'marketing.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('time,inbound_leads,search_traffic,conversion_rate,email_subscribers,seo_rank');
    expect(rows.at(-1)?.startsWith('2027-03-10T15:00:00Z,')).toBe(true);
    const result = spawnSync(process.execPath, ['bin/kpi-signage.js', 'eval', 'layouts/marketing.yaml', '--data', dir, '--now', '2027-03-10T15:20:00Z'], { encoding: 'utf8' });
    const output = JSON.parse(result.stdout) as { kpis: Record<string, { drivers: { metric: string; z: number | null }[]; stale: boolean }> };
    expect(output.kpis['monthly_leads']?.drivers[0]?.metric).toBe('conversion_rate');
    expect(output.kpis['monthly_leads']?.stale).toBe(false);
  });
});
