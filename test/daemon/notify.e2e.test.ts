// systemd notify from the real daemon process to a real Unix datagram socket (python3 listener).
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DaemonProcess, smallLayout, workspace } from './helpers/daemon-process.js';
import { openNotifySocket, type NotifySocket } from './helpers/notify-socket.js';

let daemon: DaemonProcess | null = null;
let socket: NotifySocket | null = null;
afterEach(async () => {
  daemon?.signal('SIGKILL');
  await daemon?.exited;
  socket?.close();
  daemon = null;
  socket = null;
});

describe('systemd notify', () => {
  it('sends READY=1 only once the first frame is on the output, then WATCHDOG=1 repeatedly, STATUS= and STOPPING=1', async () => {
    const ws = workspace();
    writeFileSync(join(ws.layouts, 'leads.yaml'), smallLayout('Leads'));
    socket = await openNotifySocket();
    let pngAtReady: boolean | null = null;
    daemon = new DaemonProcess(ws, [], { NOTIFY_SOCKET: socket.path, WATCHDOG_USEC: '600000' });
    await socket.waitFor((m) => {
      if (pngAtReady === null && m.some((x) => x.startsWith('READY=1'))) pngAtReady = existsSync(ws.png);
      return pngAtReady !== null;
    });
    expect(pngAtReady).toBe(true);
    const ready = socket.messages.find((m) => m.startsWith('READY=1'))!;
    expect(ready).toMatch(/^READY=1\nSTATUS=showing leads on png:/);
    expect(socket.messages.indexOf(ready)).toBe(0); // nothing before READY
    await socket.waitFor((m) => m.filter((x) => x === 'WATCHDOG=1').length >= 4);
    daemon.signal('SIGTERM');
    expect((await daemon.exited).code).toBe(0);
    await socket.waitFor((m) => m.includes('STOPPING=1'));
  });

  it('sends STATUS= when the page shown changes, and RELOADING=1 then READY=1 around a SIGHUP reload', async () => {
    const ws = workspace();
    writeFileSync(join(ws.layouts, 'a.yaml'), smallLayout('A'));
    socket = await openNotifySocket();
    daemon = new DaemonProcess(ws, [], { NOTIFY_SOCKET: socket.path });
    await socket.waitFor((m) => m.some((x) => x.startsWith('READY=1')));
    writeFileSync(join(ws.layouts, 'b.yaml'), smallLayout('B'));
    await socket.waitFor((m) => m.some((x) => /^STATUS=showing . \(page \d of 2\)/.test(x)));
    daemon.signal('SIGHUP');
    await socket.waitFor((m) => m.some((x) => x.startsWith('RELOADING=1')));
    const reloadAt = socket.messages.findIndex((x) => x.startsWith('RELOADING=1'));
    await socket.waitFor((m) => m.slice(reloadAt).some((x) => x.startsWith('READY=1')));
  });

  it('spawns nothing at all when NOTIFY_SOCKET is unset, even with WATCHDOG_USEC set', async () => {
    const ws = workspace();
    writeFileSync(join(ws.layouts, 'a.yaml'), smallLayout('A'));
    // A systemd-notify first on PATH that records every call.
    const bin = mkdtempSync(join(tmpdir(), 'kpi-fake-notify-'));
    const record = join(bin, 'calls');
    writeFileSync(join(bin, 'systemd-notify'), `#!/bin/sh\necho "$@" >> ${record}\n`);
    chmodSync(join(bin, 'systemd-notify'), 0o755);
    daemon = new DaemonProcess(ws, [], { PATH: `${bin}:${process.env.PATH}`, WATCHDOG_USEC: '200000' });
    await daemon.ready();
    await new Promise((r) => setTimeout(r, 600)); // three watchdog intervals
    daemon.signal('SIGTERM');
    expect((await daemon.exited).code).toBe(0);
    expect(existsSync(record) ? readFileSync(record, 'utf8') : '').toBe('');
  });

  it('the fake systemd-notify above would have recorded calls (the check can fail)', async () => {
    const ws = workspace();
    writeFileSync(join(ws.layouts, 'a.yaml'), smallLayout('A'));
    const bin = mkdtempSync(join(tmpdir(), 'kpi-fake-notify-'));
    const record = join(bin, 'calls');
    writeFileSync(join(bin, 'systemd-notify'), `#!/bin/sh\necho "$@" >> ${record}\n`);
    chmodSync(join(bin, 'systemd-notify'), 0o755);
    daemon = new DaemonProcess(ws, [], { PATH: `${bin}:${process.env.PATH}`, NOTIFY_SOCKET: join(bin, 'nowhere.sock') });
    await daemon.ready();
    await daemon.until(() => existsSync(record) && readFileSync(record, 'utf8').includes('READY=1'), 'the fake systemd-notify to be called');
  });
});
