import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configHelp, defaultOutput, formatConfigProblem, loadConfig } from '../../src/daemon/config.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-config-'));

function configFile(text: string): string {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return file;
}

describe('run settings', () => {
  it('applies defaults that work without a framebuffer', () => {
    const result = loadConfig([], dir);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.config.layoutsDir).toBe(join(dir, 'layouts'));
    expect(result.config.tokenFile).toBe(join(dir, 'state', 'token'));
    expect(result.config.maxFramesPerSecond).toBe(10);
    expect(result.config.listen).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(result.config.output).toBe(defaultOutput(join(dir, 'state')));
  });

  it('keeps 840 days of pushed points unless retention-days says otherwise, and refuses nonsense', () => {
    const defaults = loadConfig([], dir);
    if (!defaults.ok) throw new Error(JSON.stringify(defaults.problems));
    expect(defaults.config.retentionDays).toBe(840);
    const file = configFile('retention-days: 400\n');
    const fromFile = loadConfig(['--config', file], dir);
    if (!fromFile.ok) throw new Error(JSON.stringify(fromFile.problems));
    expect(fromFile.config.retentionDays).toBe(400);
    const bad = loadConfig(['--retention-days', '0'], dir);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.map(formatConfigProblem).join('\n')).toMatch(/--retention-days/);
  });

  it('picks the framebuffer when one exists', () => {
    const fb = join(dir, 'fb0');
    writeFileSync(fb, '');
    expect(defaultOutput('/state', fb)).toBe(`fb:${fb}`);
    expect(defaultOutput('/state', join(dir, 'nofb'))).toBe('png:/state/screen.png');
  });

  it('reads the file relative to itself, and flags win', () => {
    const file = configFile('layouts: pages\nlisten: 0.0.0.0:9000\nmax-fps: 5\noutput: png:out/screen.png\n');
    const result = loadConfig(['--config', file, '--max-fps', '2'], '/elsewhere');
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.config.layoutsDir).toBe(join(dir, 'pages'));
    expect(result.config.output).toBe(`png:${join(dir, 'out/screen.png')}`);
    expect(result.config.listen).toEqual({ host: '0.0.0.0', port: 9000 });
    expect(result.config.maxFramesPerSecond).toBe(2);
  });

  it('reports every bad key and value with line and column', () => {
    const file = configFile('layouts: pages\nlisten: nowhere\nmax-fsp: 5\noutput: hdmi\n');
    const result = loadConfig(['--config', file], dir);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const lines = result.problems.map(formatConfigProblem).sort();
    expect(lines).toEqual([
      `${file}:2:9: listen: expected HOST:PORT, e.g. 127.0.0.1:8080`,
      expect.stringMatching(new RegExp(`^${file}:3:1: unknown setting 'max-fsp'`)),
      `${file}:4:9: output: expected fb:/dev/fbN or png:FILE`,
    ]);
  });

  it('reports YAML syntax errors and bad flags without throwing', () => {
    const file = configFile('layouts: [unclosed\n');
    const bad = loadConfig(['--config', file], dir);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(formatConfigProblem(bad.problems[0]!)).toMatch(new RegExp(`^${file}:\\d+:\\d+: YAML`));
    const flag = loadConfig(['--max-fps', 'fast'], dir);
    expect(flag.ok).toBe(false);
    if (!flag.ok) expect(formatConfigProblem(flag.problems[0]!)).toMatch(/^--max-fps: /);
    const unknown = loadConfig(['--colour', 'red'], dir);
    expect(unknown.ok).toBe(false);
    const missing = loadConfig(['--config', join(dir, 'none.yaml')], dir);
    expect(!missing.ok && missing.problems[0]!.message).toMatch(/ENOENT/);
  });

  it('documents every setting in --help', () => {
    expect(configHelp()).toMatch(/--max-fps +upper bound on frames per second.*\(default 10\)/);
    expect(loadConfig(['--help']).help).toBe(true);
  });
});
