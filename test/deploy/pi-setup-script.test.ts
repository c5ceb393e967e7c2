// The setup script's own surface, without a Debian root (that is pi-setup.slow.ts): shellcheck,
// --help, refusing bad options, and a --dry-run that changes nothing and needs no root.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const script = join(repo, 'deploy/pi-setup.sh');
/** uid/gid of `nobody`: a user that could not change anything even if the script tried. */
const NOBODY = 65_534;

describe('deploy/pi-setup.sh', () => {
  it('is shellcheck clean', () => {
    const result = spawnSync('shellcheck', ['--severity=style', script], { encoding: 'utf8' });
    expect(result.error).toBeUndefined();
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('starts with set -euo pipefail', () => {
    const result = spawnSync('grep', ['-c', '^set -euo pipefail$', script], { encoding: 'utf8' });
    expect(result.stdout.trim()).toBe('1');
  });

  it('explains itself with --help', () => {
    const result = spawnSync('bash', [script, '--help'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    for (const option of ['--dry-run', '--source', '--listen', '--connect', '--skip-node-install', '--rotate-token']) {
      expect(result.stdout).toContain(option);
    }
  });

  it('refuses an unknown option and a bad --listen with a message saying what to do', () => {
    const unknown = spawnSync('bash', [script, '--frobnicate'], { encoding: 'utf8' });
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain("unknown option '--frobnicate' (see --help)");
    const listen = spawnSync('bash', [script, '--dry-run', '--listen', 'eight-thousand'], { encoding: 'utf8' });
    expect(listen.status).not.toBe(0);
    expect(listen.stderr).toContain('is not HOST:PORT');
  });

  it('plans without changing anything in --dry-run, even as an unprivileged user', () => {
    // A copy the user `nobody` can read, wherever the checkout lives (CI may clone under /root).
    const source = mkdtempSync(join(tmpdir(), 'kpi-setup-dry-'));
    chmodSync(source, 0o755);
    for (const entry of ['deploy', 'package.json', 'package-lock.json', 'bin', 'schema']) {
      if (existsSync(join(repo, entry))) cpSync(join(repo, entry), join(source, entry), { recursive: true });
    }
    const result = spawnSync('bash', [join(source, 'deploy/pi-setup.sh'), '--dry-run', '--skip-node-install'], {
      encoding: 'utf8',
      uid: NOBODY,
      gid: NOBODY,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent' },
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('dry run: checking only, nothing is changed');
    expect(result.stdout).not.toMatch(/^pi-setup: change /m);
    expect(result.stdout).toMatch(/^pi-setup: (dry run: \d+ change\(s\) would be made|nothing to do)/m);
    rmSync(source, { recursive: true, force: true });
  });
});
