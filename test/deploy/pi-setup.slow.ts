// deploy/pi-setup.sh for real: a fresh Debian 13 root (debootstrap, cached as a tarball by
// make-root.sh), the checkout copied in as a user would clone it, the script run twice inside
// systemd-nspawn (a chroot with /proc, /sys, /dev set up), and then the root booted with systemd
// to see the unit go active through READY=1 and come back after its watchdog fires.
//
// Run with `npm run test:deploy` (root, 10+ minutes the first time: apt, then canvas and
// better-sqlite3 compiled from source). Needs: debootstrap, systemd-container, network to the
// Debian mirror and the npm registry.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
/** Debian suite of the root: trixie is what Raspberry Pi OS 13 is built on. */
const SUITE = process.env.KPI_SIGNAGE_TEST_SUITE ?? 'trixie';
/** Where the checkout goes inside the root (not /tmp: nspawn mounts a fresh tmpfs there). */
const SOURCE_IN_ROOT = '/home/pi/kpi-signage';
/** A Raspberry Pi OS kernel command line, as flashed. */
const PI_CMDLINE = 'console=serial0,115200 console=tty1 root=PARTUUID=4e639091-02 rootfstype=ext4 fsck.repair=yes rootwait quiet';
/** How long the booted root may take to show the unit active, stop it and see it restarted. */
const BOOT_DEADLINE_S = 480;
/** Longer than WatchdogSec=30: a service still up after this has been pinging the watchdog. */
const QUIET_S = 45;
/** Top-level entries of the checkout that are not copied (built or installed output). */
const NOT_COPIED = new Set(['node_modules', '.git', 'dist', 'out', 'state', '.tmp', 'bench']);

let root = '';
let work = '';

/** Runs a command inside the root (systemd-nspawn as a chroot: no init, host network). */
function inRoot(command: string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
  const setenv = Object.entries(env).map(([key, value]) => `--setenv=${key}=${value}`);
  return spawnSync('systemd-nspawn', ['--quiet', '--register=no', '--keep-unit', '--console=pipe', ...setenv, '-D', root, ...command], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** The proxy CA this machine's npm trusts, if any, so npm inside the root reaches the registry too. */
function hostCaEnv(): Record<string, string> {
  const bundle = process.env.NODE_EXTRA_CA_CERTS ?? '/etc/ssl/certs/ca-certificates.crt';
  if (!existsSync(bundle)) return {};
  cpSync(bundle, join(root, 'etc/kpi-test-host-ca.crt'));
  return { NODE_EXTRA_CA_CERTS: '/etc/kpi-test-host-ca.crt', npm_config_cafile: '/etc/kpi-test-host-ca.crt' };
}

function setup(args: string[] = []): SpawnSyncReturns<string> {
  return inRoot(['bash', `${SOURCE_IN_ROOT}/deploy/pi-setup.sh`, '--admin-user', 'pi', ...args], caEnv);
}

function fileIn(path: string): string {
  return join(root, path);
}

function lines(output: string, prefix: string): string[] {
  return output.split('\n').filter((line) => line.startsWith(prefix));
}

let caEnv: Record<string, string> = {};
let first: SpawnSyncReturns<string>;
let second: SpawnSyncReturns<string>;
let dryRun: SpawnSyncReturns<string>;
let rotated: SpawnSyncReturns<string>;
let tokenAfterFirst = '';
let tokenAfterSecond = '';
let stampAfterFirst = '';
let editedConfig = '';

beforeAll(() => {
  const made = spawnSync('bash', [join(repo, 'test/deploy/make-root.sh'), SUITE], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`make-root.sh failed:\n${made.stderr}`);
  const tarball = made.stdout.trim();

  work = mkdtempSync(join(process.env.KPI_SIGNAGE_TEST_WORK ?? tmpdir(), 'kpi-deploy-'));
  root = join(work, 'root');
  mkdirSync(root);
  const untar = spawnSync('tar', ['-C', root, '-xf', tarball], { encoding: 'utf8' });
  if (untar.status !== 0) throw new Error(`cannot unpack ${tarball}: ${untar.stderr}`);

  // What a freshly flashed card has: a login user and the firmware's kernel command line.
  mkdirSync(fileIn('boot/firmware'), { recursive: true });
  writeFileSync(fileIn('boot/firmware/cmdline.txt'), `${PI_CMDLINE}\n`);
  const user = inRoot(['useradd', '--create-home', '--shell', '/bin/bash', 'pi']);
  if (user.status !== 0) throw new Error(`useradd pi: ${user.stderr}`);

  // The checkout as `git clone` leaves it (no node_modules, no dist), owned by the login user.
  const source = fileIn(SOURCE_IN_ROOT.slice(1));
  mkdirSync(source, { recursive: true });
  for (const entry of readdirSync(repo)) {
    if (!NOT_COPIED.has(entry)) cpSync(join(repo, entry), join(source, entry), { recursive: true });
  }
  inRoot(['chown', '-R', 'pi:pi', SOURCE_IN_ROOT]);
  caEnv = hostCaEnv();

  first = setup();
  if (first.status === 0) {
    tokenAfterFirst = readFileSync(fileIn('etc/kpi-signage/token'), 'utf8');
    stampAfterFirst = readFileSync(fileIn('opt/kpi-signage/.kpi-signage-install'), 'utf8');
    // A local edit the second run must keep.
    editedConfig = `${readFileSync(fileIn('etc/kpi-signage/config.yaml'), 'utf8')}log-level: debug\n`;
    writeFileSync(fileIn('etc/kpi-signage/config.yaml'), editedConfig);
    second = setup();
    tokenAfterSecond = readFileSync(fileIn('etc/kpi-signage/token'), 'utf8');
    dryRun = setup(['--dry-run']);
    rotated = setup(['--rotate-token']);
  }
});

afterAll(() => {
  if (work !== '' && process.env.KPI_SIGNAGE_TEST_KEEP !== '1') rmSync(work, { recursive: true, force: true });
});

describe(`pi-setup.sh in a fresh Debian ${SUITE} root`, () => {
  it('sets the box up on the first run', () => {
    expect(first.status, `${first.stdout}\n${first.stderr}`).toBe(0);
    expect(first.stdout).toMatch(/done: \d+ change\(s\) made/);
    expect(first.stdout).toContain('systemd is not running here');
  });

  it('changes nothing on the second run and says so', () => {
    expect(second.status, `${second.stdout}\n${second.stderr}`).toBe(0);
    expect(lines(second.stdout, 'pi-setup: change')).toEqual([]);
    expect(second.stdout).toContain('nothing to do: already set up, no changes made');
    expect(tokenAfterSecond).toBe(tokenAfterFirst);
    expect(readFileSync(fileIn('opt/kpi-signage/.kpi-signage-install'), 'utf8')).toBe(stampAfterFirst);
  });

  it('keeps local edits of config.yaml', () => {
    expect(readFileSync(fileIn('etc/kpi-signage/config.yaml'), 'utf8')).toBe(editedConfig);
  });

  it('finds nothing to do in --dry-run either', () => {
    expect(dryRun.status).toBe(0);
    expect(lines(dryRun.stdout, 'pi-setup: would')).toEqual([]);
    expect(dryRun.stdout).toContain('nothing to do');
  });

  it('creates a system user without login, in group video', () => {
    const passwd = inRoot(['getent', 'passwd', 'kpi-signage']).stdout.trim().split(':');
    expect(Number(passwd[2])).toBeLessThan(1000);
    expect(passwd[6]).toBe('/usr/sbin/nologin');
    expect(inRoot(['id', '-nG', 'kpi-signage']).stdout.trim().split(' ')).toContain('video');
    expect(inRoot(['id', '-nG', 'pi']).stdout.trim().split(' ')).toContain('kpi-signage');
  });

  it('writes a token only the service user can read', () => {
    expect(tokenAfterFirst.trim()).toMatch(/^[0-9a-f]{64}$/);
    const owner = inRoot(['stat', '-c', '%U:%G %a', '/etc/kpi-signage/token']).stdout.trim();
    expect(owner).toBe('kpi-signage:kpi-signage 400');
    const asPi = inRoot(['runuser', '-u', 'pi', '--', 'cat', '/etc/kpi-signage/token']);
    expect(asPi.status).not.toBe(0);
  });

  it('replaces the token only when asked (--rotate-token), keeping its owner and mode', () => {
    expect(rotated.status, rotated.stderr).toBe(0);
    expect(lines(rotated.stdout, 'pi-setup: change')).toEqual([
      'pi-setup: change  token /etc/kpi-signage/token: replace the device token (the old one stops working)',
    ]);
    const token = readFileSync(fileIn('etc/kpi-signage/token'), 'utf8');
    expect(token.trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(token).not.toBe(tokenAfterFirst);
    expect(inRoot(['stat', '-c', '%U:%G %a', '/etc/kpi-signage/token']).stdout.trim()).toBe('kpi-signage:kpi-signage 400');
  });

  it('writes a config the installed daemon accepts, with a layouts folder the admin user can write', () => {
    const config = readFileSync(fileIn('etc/kpi-signage/config.yaml'), 'utf8');
    expect(config).toMatch(/^token-file: \/etc\/kpi-signage\/token/m);
    expect(config).toMatch(/^output: fb:\/dev\/fb0/m);
    expect(config).toMatch(/^listen: 0\.0\.0\.0:8080/m);
    const load = inRoot([
      'runuser', '-u', 'kpi-signage', '--', 'node', '--input-type=module', '-e',
      "const m = await import('/opt/kpi-signage/dist/daemon/config.js'); console.log(JSON.stringify(m.loadConfig(['--config', '/etc/kpi-signage/config.yaml'])));",
    ]);
    expect(load.status, load.stderr).toBe(0);
    const result = JSON.parse(load.stdout) as { ok: boolean; config: { tokenFile: string; layoutsDir: string; logLevel: string } };
    expect(result).toMatchObject({ ok: true, config: { tokenFile: '/etc/kpi-signage/token', layoutsDir: '/var/lib/kpi-signage/layouts', logLevel: 'debug' } });
    expect(inRoot(['stat', '-c', '%U:%G %a', '/var/lib/kpi-signage/layouts']).stdout.trim()).toBe('kpi-signage:kpi-signage 2775');
    const copy = inRoot(['runuser', '-u', 'pi', '--', 'cp', `${SOURCE_IN_ROOT}/layouts/marketing.yaml`, '/var/lib/kpi-signage/layouts/']);
    expect(copy.status, copy.stderr).toBe(0);
  });

  it('installs the built app without dev dependencies, and it runs as the service user', () => {
    expect(existsSync(fileIn('opt/kpi-signage/dist/cli.js'))).toBe(true);
    expect(existsSync(fileIn('opt/kpi-signage/node_modules/typescript'))).toBe(false);
    expect(existsSync(fileIn('opt/kpi-signage/node_modules/vitest'))).toBe(false);
    expect(statSync(fileIn('opt/kpi-signage/dist/cli.js')).uid).toBe(0);
    // The checkout was not touched: no node_modules or dist left in the user's clone.
    expect(existsSync(fileIn(`${SOURCE_IN_ROOT.slice(1)}/node_modules`))).toBe(false);
    const validate = inRoot([
      'runuser', '-u', 'kpi-signage', '--',
      'node', '/opt/kpi-signage/bin/kpi-signage.js', 'validate', '/opt/kpi-signage/layouts/marketing.yaml',
    ]);
    expect(validate.status, validate.stdout + validate.stderr).toBe(0);
  });

  it('turns console blanking and the cursor off on one kernel command line', () => {
    const cmdline = readFileSync(fileIn('boot/firmware/cmdline.txt'), 'utf8');
    expect(cmdline.split('\n').filter((line) => line !== '')).toHaveLength(1);
    expect(cmdline.trim()).toBe(`${PI_CMDLINE} consoleblank=0 vt.global_cursor_default=0`);
  });

  it('installs and enables the unit (enable only: no systemd in a chroot)', () => {
    expect(readFileSync(fileIn('etc/systemd/system/kpi-signage.service'), 'utf8')).toBe(
      readFileSync(join(repo, 'deploy/systemd/kpi-signage.service'), 'utf8'),
    );
    // An absolute link, as systemctl enable makes it: read it, do not follow it on this host.
    expect(readlinkSync(fileIn('etc/systemd/system/multi-user.target.wants/kpi-signage.service'))).toBe('/etc/systemd/system/kpi-signage.service');
  });
});

describe(`the set-up ${SUITE} root booted with systemd (nspawn -b)`, () => {
  /** A probe unit inside the booted root: waits for the service, stops it cold, waits for the restart. */
  const probe = `#!/bin/sh
out=/probe.out
show() { systemctl show kpi-signage -p ActiveState -p SubState -p MainPID -p NRestarts -p StatusText -p WatchdogUSec >> $out; echo --- >> $out; }
i=0; while [ $i -lt 120 ]; do systemctl is-active --quiet kpi-signage && break; sleep 1; i=$((i+1)); done
show
sleep ${QUIET_S}
show
kill -STOP "$(systemctl show -p MainPID --value kpi-signage)"
i=0; while [ $i -lt 200 ]; do
  [ "$(systemctl show -p NRestarts --value kpi-signage)" -ge 1 ] && systemctl is-active --quiet kpi-signage && break
  sleep 1; i=$((i+1))
done
show
journalctl -u kpi-signage --no-pager > /journal.out 2>&1
systemctl poweroff
`;

  let snapshots: Record<string, string>[] = [];
  let journal = '';

  beforeAll(() => {
    if (first?.status !== 0) return;
    // No framebuffer in a container: the same daemon draws into a PNG instead.
    const config = readFileSync(fileIn('etc/kpi-signage/config.yaml'), 'utf8')
      .replace(/^output: .*$/m, 'output: png:/var/lib/kpi-signage/screen.png')
      .replace(/^listen: .*$/m, 'listen: 127.0.0.1:0');
    writeFileSync(fileIn('etc/kpi-signage/config.yaml'), config);
    cpSync(join(repo, 'layouts/marketing.yaml'), fileIn('var/lib/kpi-signage/layouts/marketing.yaml'));
    writeFileSync(fileIn('probe.sh'), probe, { mode: 0o755 });
    writeFileSync(
      fileIn('etc/systemd/system/kpi-probe.service'),
      '[Unit]\nDescription=test probe\nAfter=multi-user.target\n[Service]\nExecStart=/probe.sh\n[Install]\nWantedBy=multi-user.target\n',
    );
    inRoot(['systemctl', 'enable', 'kpi-probe.service']);
    const boot = spawnSync('timeout', [String(BOOT_DEADLINE_S), 'systemd-nspawn', '--quiet', '--register=no', '--keep-unit', '--console=pipe', '-D', root, '-b'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const out = existsSync(fileIn('probe.out')) ? readFileSync(fileIn('probe.out'), 'utf8') : `no probe output; boot said:\n${boot.stdout}${boot.stderr}`;
    snapshots = out
      .split('---\n')
      .filter((block) => block.includes('='))
      .map((block) => Object.fromEntries(block.trim().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])));
    journal = existsSync(fileIn('journal.out')) ? readFileSync(fileIn('journal.out'), 'utf8') : out;
  });

  it('becomes active once the daemon says READY=1', () => {
    expect(snapshots[0], journal).toMatchObject({ ActiveState: 'active', SubState: 'running', NRestarts: '0', WatchdogUSec: '30s' });
    // The status line comes from the daemon's own notification, so READY=1 got through.
    expect(snapshots[0]!.StatusText).toMatch(/showing marketing/);
  });

  it('keeps the watchdog fed while it runs (WATCHDOG=1 from the child systemd-notify gets through)', () => {
    expect(snapshots[1], journal).toMatchObject({ ActiveState: 'active', SubState: 'running', NRestarts: '0', MainPID: snapshots[0]!.MainPID });
  });

  it('is restarted when the watchdog stops hearing from it', () => {
    expect(journal).toMatch(/Watchdog timeout/);
    expect(snapshots[2], journal).toMatchObject({ ActiveState: 'active', SubState: 'running', NRestarts: '1' });
    expect(snapshots[2]!.MainPID).not.toBe(snapshots[0]!.MainPID);
  });
});
