// `kpi-signage render` as a user runs it: the compiled CLI in a real process, the example layout
// and data, a PNG out; a broken layout is a clear error with file:line:column and exit 1.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'bin/kpi-signage.js');

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, 'render', ...args], { cwd: root, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('renders the example layout to a PNG of the screen size', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-render-'));
  const out = join(dir, 'frame.png');
  const result = run(['layouts/marketing.yaml', '--data', 'data', '--now', '2026-12-03T11:30:00+01:00', '--out', out]);
  expect(result.stderr).not.toMatch(/Error|at .*\.js/);
  expect(result.status).toBe(0);
  expect(result.stdout).toContain(`wrote ${out} (1920x1080)`);
  const png = PNG.sync.read(readFileSync(out));
  expect([png.width, png.height]).toEqual([1920, 1080]);
  const colours = new Set<number>();
  for (let at = 0; at < png.data.length; at += 4 * 97) colours.add((png.data[at]! << 16) | (png.data[at + 1]! << 8) | png.data[at + 2]!);
  expect(colours.size).toBeGreaterThan(20); // tiles, text and graphs, not a blank frame
  expect(readdirSync(dir)).toEqual(['frame.png']);
});

test('a broken layout is reported with file:line:column and exit 1, and no PNG is written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-render-'));
  const layout = join(dir, 'broken.yaml');
  writeFileSync(layout, 'title: Broken\nscreen: { width: 800, height: 480, timezone: Europe/Berlin }\ngrid: { columns: 2, rows: 2, gap: 8 }\nmetrics:\n  a: { label: A, better: higher, aggregate: sum, colour: red }\ntiles:\n  - { metric: a, at: [0, 0] }\n');
  const out = join(dir, 'frame.png');
  const result = run([layout, '--data', dir, '--now', '2026-12-03T10:00:00Z', '--out', out]);
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(new RegExp(`broken\\.yaml:5:\\d+: .*colour`));
  expect(existsSync(out)).toBe(false);
});

test('without --out it says what is missing and exits 2', () => {
  const result = run(['layouts/marketing.yaml', '--data', 'data']);
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('give --out FILE.png');
});
