import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPointStore } from '../../src/store/db.js';

/** Runs the real CLI (compiled dist/, built by the global setup) and captures its output. */
function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['bin/kpi-signage.js', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('kpi-signage eval', () => {
  it('prints the marketing views: leads at risk with conversion the likely cause, newsletter on track', () => {
    const { status, stdout, stderr } = cli('eval', 'layouts/marketing.yaml', '--data', 'data', '--now', '2026-12-03T10:00:00Z');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const output = JSON.parse(stdout) as { kpis: Record<string, Record<string, unknown>>; metrics: Record<string, unknown>; warnings: unknown[] };
    const leads = output.kpis['monthly_leads'] as { status: string; drivers: { metric: string; z: number }[]; period: { start: string }; pace: unknown };
    expect(leads.status).toBe('at_risk');
    expect(leads.drivers[0]?.metric).toBe('conversion_rate');
    expect(leads.drivers[0]?.z).toBeLessThanOrEqual(-1);
    expect(leads.period.start).toBe('2026-11-30T23:00:00.000Z');
    expect(output.kpis['newsletter']?.['status']).toBe('on_track');
    expect(Object.keys(output.kpis['newsletter'] ?? {}).sort()).toEqual(
      ['attainment', 'drivers', 'gap', 'gapPct', 'n', 'pace', 'period', 'previous', 'spark', 'stale', 'status', 'target', 'trend', 'value'].sort(),
    );
    expect(Object.keys(output.metrics)).toContain('search_traffic');
    expect(output.warnings).toEqual([]);
    expect(stdout).toContain('\n  "kpis": {'); // pretty-printed
  });

  it('reports bad data rows as warnings and still evaluates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-eval-'));
    writeFileSync(join(dir, 'page.yaml'), 'screen: { timezone: Europe/Berlin }\nmetrics:\n  leads: { better: higher, aggregate: sum }\nkpis:\n  day: { metric: leads, period: day, target: 10 }\ntiles:\n  - { kpi: day, at: [0, 0] }\n');
    writeFileSync(join(dir, 'leads.csv'), 'metric,time,value\nleads,2026-12-03T08:00:00,4\nleads,oops,1\nleads,2026-12-03T09:00:00,NaN\n');
    const { status, stdout } = cli('eval', join(dir, 'page.yaml'), '--data', dir, '--now', '2026-12-03T12:00:00');
    expect(status).toBe(0);
    const output = JSON.parse(stdout) as { kpis: { day: { value: number; n: number } }; warnings: { file?: string; line?: number; metric?: string }[] };
    expect(output.kpis.day.value).toBe(4);
    expect(output.warnings).toContainEqual(expect.objectContaining({ file: join(dir, 'leads.csv'), line: 3 }));
    expect(output.warnings).toContainEqual(expect.objectContaining({ metric: 'leads', time: '2026-12-03T08:00:00.000Z' }));
  });

  it('refuses a broken layout with its problems, and bad usage with the usage', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-eval-'));
    writeFileSync(join(dir, 'bad.yaml'), 'grid: { colums: 4 }\n');
    const broken = cli('eval', join(dir, 'bad.yaml'), '--data', dir);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain(`${join(dir, 'bad.yaml')}:1:9: unknown key 'colums' in grid`);
    const noData = cli('eval', 'layouts/marketing.yaml');
    expect(noData.status).toBe(2);
    expect(noData.stderr).toContain('usage: kpi-signage eval');
    const badNow = cli('eval', 'layouts/marketing.yaml', '--data', 'data', '--now', 'soon');
    expect(badNow.status).toBe(1);
    expect(badNow.stderr).toContain("--now: 'soon' is not a time");
  });

  it('with --state adds the points pushed to a daemon (pushes win over file points at the same time)', async () => {
    const state = mkdtempSync(join(tmpdir(), 'kpi-eval-state-'));
    const store = openPointStore(state);
    await store.insert([{ metric: 'inbound_leads', points: [{ t: Date.parse('2026-12-03T09:00:00Z'), v: 1_000 }] }]);
    await store.close();
    const now = '2026-12-03T10:00:00Z';
    const before = JSON.parse(cli('eval', 'layouts/marketing.yaml', '--data', 'data', '--now', now).stdout) as { kpis: Record<string, { value: number; status: string }> };
    const after = cli('eval', 'layouts/marketing.yaml', '--data', 'data', '--state', state, '--now', now);
    expect(after.status).toBe(0);
    const pushed = JSON.parse(after.stdout) as { kpis: Record<string, { value: number; status: string }> };
    expect(pushed.kpis['monthly_leads']?.value).toBeGreaterThan((before.kpis['monthly_leads']?.value ?? 0) + 900);
    expect(pushed.kpis['monthly_leads']?.status).toBe('on_track');
    const empty = cli('eval', 'layouts/marketing.yaml', '--data', 'data', '--state', mkdtempSync(join(tmpdir(), 'kpi-eval-empty-')), '--now', now);
    expect(JSON.parse(empty.stdout)).toEqual(before);
  });
});
