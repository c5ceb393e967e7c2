// The systemd unit as systemd itself reads it: `systemd-analyze verify` must be silent, the
// offline security score must stay at or below 2.0, and the settings the daemon relies on
// (notify from a child process, the watchdog, the framebuffer device) must be there.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const unitPath = fileURLToPath(new URL('../../deploy/systemd/kpi-signage.service', import.meta.url));
const unitText = readFileSync(unitPath, 'utf8');
/** The highest exposure `systemd-analyze security` may report: 2.0 is the limit ("OK"). */
const MAX_EXPOSURE = 2.0;

function settings(key: string): string[] {
  return unitText
    .split('\n')
    .filter((line) => line.startsWith(`${key}=`))
    .map((line) => line.slice(key.length + 1));
}

describe('deploy/systemd/kpi-signage.service', () => {
  it('passes systemd-analyze verify without a word', () => {
    const result = spawnSync('systemd-analyze', ['verify', unitPath], { encoding: 'utf8' });
    expect(result.error).toBeUndefined();
    expect(result.stderr + result.stdout).toBe('');
    expect(result.status).toBe(0);
  });

  it(`is hardened to an exposure of ${MAX_EXPOSURE} or lower (systemd-analyze security --offline)`, () => {
    const result = spawnSync('systemd-analyze', ['security', '--offline=true', '--no-pager', unitPath], { encoding: 'utf8' });
    expect(result.error).toBeUndefined();
    const match = /Overall exposure level for \S+: (\d+\.\d+)/.exec(result.stdout);
    expect(match, result.stdout + result.stderr).not.toBeNull();
    expect(Number(match![1])).toBeLessThanOrEqual(MAX_EXPOSURE);
  });

  it('waits for READY=1 and takes notifications from the daemon\'s systemd-notify child', () => {
    expect(settings('Type')).toEqual(['notify']);
    // src/daemon/sd-notify.ts sends through a child `systemd-notify`: main would drop them all.
    expect(settings('NotifyAccess')).toEqual(['all']);
    expect(Number(settings('WatchdogSec')[0])).toBeGreaterThan(0);
    expect(settings('Restart')).toEqual(['always']);
  });

  it('runs as the service user with the framebuffer as its only device', () => {
    expect(settings('User')).toEqual(['kpi-signage']);
    expect(settings('SupplementaryGroups')).toEqual(['video']);
    expect(settings('DevicePolicy')).toEqual(['closed']);
    expect(settings('DeviceAllow')).toEqual(['/dev/fb0 rw']);
    // PrivateDevices= would hide /dev/fb0; MemoryDenyWriteExecute= would break V8's JIT.
    expect(settings('PrivateDevices').filter((v) => v !== 'no')).toEqual([]);
    expect(settings('MemoryDenyWriteExecute').filter((v) => v !== 'no')).toEqual([]);
    expect(settings('StateDirectory')).toEqual(['kpi-signage']);
    expect(settings('ConfigurationDirectory')).toEqual(['kpi-signage']);
    expect(settings('RestrictAddressFamilies').join(' ')).toContain('AF_UNIX');
  });

  it('starts the daemon with the config file pi-setup.sh writes', () => {
    expect(settings('ExecStart')[0]).toMatch(/kpi-signage\.js run --config \/etc\/kpi-signage\/config\.yaml$/);
  });
});
