// The `push` command as cron runs it: the compiled CLI in a child process against a real server.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TOKEN, rowsOnDisk, startHarness, type Harness } from './helpers.js';

const bin = join(import.meta.dirname, '../../bin/kpi-signage.js');

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'push', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('kpi-signage push', () => {
  let harness: Harness;
  let tokenFile: string;
  afterEach(async () => harness?.close());
  const start = async () => {
    harness = await startHarness();
    tokenFile = join(harness.dir, 'token');
    writeFileSync(tokenFile, `${TOKEN}\n`);
  };

  it('sends one point, prints the ack and exits 0', async () => {
    await start();
    const result = await run(['--url', harness.url, '--token-file', tokenFile, 'inbound_leads', '17', '--time', '2026-12-03T10:00:00Z']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ type: 'ack', accepted: 1 });
    expect(rowsOnDisk(harness, 'inbound_leads')).toEqual([[Date.parse('2026-12-03T10:00:00Z'), 17]]);
  });

  it('takes a negative value as a value, not an option', async () => {
    await start();
    const result = await run(['--url', harness.url, '--token-file', tokenFile, 'temperature', '-5.5', '--time', '1780000000000']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(rowsOnDisk(harness, 'temperature')).toEqual([[1_780_000_000_000, -5.5]]);
  });

  it('stamps the point with the current time when --time is left out', async () => {
    await start();
    const before = Date.now();
    expect((await run(['--url', `${harness.url}/`, '--token-file', tokenFile, 'seo_rank', '4.5'])).code).toBe(0);
    const [[t, v]] = rowsOnDisk(harness, 'seo_rank') as [[number, number]];
    expect(v).toBe(4.5);
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
  });

  it('exits 1 with the server error message when the token is wrong or the point is refused', async () => {
    await start();
    const wrong = join(harness.dir, 'wrong');
    writeFileSync(wrong, 'not-the-token\n');
    const refused = await run(['--url', harness.url, '--token-file', wrong, 'x', '1']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/unauthorized: missing or wrong token/);
    const badTime = await run(['--url', harness.url, '--token-file', tokenFile, 'x', '1', '--time', 'tomorrow']);
    expect(badTime.code).toBe(1);
    expect(badTime.stderr).toMatch(/invalid: points\[0\]\[0\]: time "tomorrow" is not ISO 8601/);
  });

  it('exits 1 when the daemon cannot be reached, and 2 on bad usage', async () => {
    await start();
    const port = harness.port;
    const outside = mkdtempSync(join(tmpdir(), 'kpi-cli-'));
    const kept = join(outside, 'token');
    writeFileSync(kept, TOKEN);
    await harness.close();
    harness = undefined as unknown as Harness;
    const unreachable = await run(['--url', `http://127.0.0.1:${port}`, '--token-file', kept, 'x', '1']);
    rmSync(outside, { recursive: true, force: true });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+\/v1\/points: .*ECONNREFUSED/);
    const usage = await run(['--url', 'http://127.0.0.1:1', '--token-file', tokenFile, 'x', 'seventeen']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('VALUE "seventeen" is not a finite number');
  });
});
