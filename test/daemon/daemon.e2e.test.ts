// End to end: the real daemon process, real files, a real WebSocket client, real signals.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DaemonProcess, fakeFramebuffer, smallLayout, workspace } from './helpers/daemon-process.js';

const running: DaemonProcess[] = [];
afterEach(async () => {
  for (const daemon of running.splice(0)) {
    daemon.signal('SIGKILL');
    await daemon.exited;
  }
});

function start(...args: ConstructorParameters<typeof DaemonProcess>): DaemonProcess {
  const daemon = new DaemonProcess(...args);
  running.push(daemon);
  return daemon;
}

const readPng = (path: string): Buffer => (existsSync(path) ? readFileSync(path) : Buffer.alloc(0));
const thisMonth = (day: number): string => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), day, 10)).toISOString();
};

describe('kpi-signage run', () => {
  it('draws a pushed point onto the output and reports it in health', async () => {
    const ws = workspace();
    writeFileSync(join(ws.layouts, 'leads.yaml'), smallLayout('Leads'));
    const daemon = start(ws);
    await daemon.ready();
    const before = readPng(ws.png);
    expect(before.subarray(1, 4).toString()).toBe('PNG');
    const client = await daemon.socket();
    const ack = await client.request({ type: 'points', id: 'p1', metric: 'leads', points: [[thisMonth(1), 4321]] });
    expect(ack).toMatchObject({ type: 'ack', id: 'p1', accepted: 1 });
    await daemon.until(() => !readPng(ws.png).equals(before) && readPng(ws.png).length > 0, 'the PNG to change after the push');
    const health = await daemon.health();
    expect(health.page).toMatchObject({ name: 'leads' });
    expect(health.lastUpdate).not.toBeNull();
    expect(health.errors).toEqual([]);
    client.close();
  });

  it('writes frames into a framebuffer device, and a push changes its bytes', async () => {
    const ws = workspace();
    writeFileSync(join(ws.layouts, 'leads.yaml'), smallLayout('Leads'));
    const fb = fakeFramebuffer(ws.dir, 480, 270, 16);
    const daemon = start(ws, ['--output', `fb:${fb.device}`], { KPI_SIGNAGE_SYSFS: fb.sysfs });
    await daemon.ready();
    const first = readFileSync(fb.device);
    expect(first.length).toBe(480 * 2 * 270); // written in place, never grown
    expect(first.some((byte) => byte !== 0)).toBe(true);
    expect((await daemon.health()).output).toMatch(/^fb:/);
    const client = await daemon.socket();
    await client.request({ type: 'points', id: 'p1', metric: 'leads', points: [[thisMonth(1), 77]] });
    await daemon.until(() => !readFileSync(fb.device).equals(first), 'the framebuffer bytes to change');
    client.close();
  });

  it('shows a layout dropped into the directory (not a `_` draft) and drops it when the file goes', async () => {
    const ws = workspace();
    const daemon = start(ws);
    await daemon.ready();
    expect((await daemon.health()).page).toMatchObject({ name: '_placeholder' });
    writeFileSync(join(ws.layouts, '_draft.yaml'), smallLayout('Draft'));
    writeFileSync(join(ws.layouts, 'sales.yaml'), smallLayout('Sales'));
    await daemon.until(async () => (await daemon.health()).page?.name === 'sales', 'the dropped layout to be shown');
    expect((await daemon.health()).page).toMatchObject({ name: 'sales', index: 1, of: 1 });
    rmSync(join(ws.layouts, 'sales.yaml'));
    await daemon.until(async () => (await daemon.health()).page?.name === '_placeholder', 'the removed layout to go away');
  });

  it('keeps the last good layout up while a half-written one is reported, then shows the full one', async () => {
    const ws = workspace();
    const file = join(ws.layouts, 'page.yaml');
    writeFileSync(file, smallLayout('First version'));
    const daemon = start(ws);
    await daemon.ready();
    expect((await daemon.health()).page).toMatchObject({ name: 'page', title: 'First version' });

    const full = smallLayout('Second version');
    writeFileSync(file, full.slice(0, full.indexOf('kpis:') + 14)); // cut inside the kpis map
    await daemon.until(async () => (await daemon.health()).errors.length > 0, 'the broken file to be reported');
    const broken = await daemon.health();
    expect(broken.status).toBe('degraded');
    expect(broken.errors[0]).toMatchObject({ file });
    expect(broken.errors[0].line).toBeGreaterThan(0);
    expect(broken.page).toMatchObject({ name: 'page', title: 'First version' });
    expect(daemon.logs.some((l) => /last good version stays/.test(l.msg))).toBe(true);

    writeFileSync(file, full);
    await daemon.until(async () => (await daemon.health()).page?.title === 'Second version', 'the full file to be shown');
    expect((await daemon.health()).errors).toEqual([]);
  });

  it('shows a layout pushed over the WebSocket at once, and saves it into the layouts directory', async () => {
    const ws = workspace();
    writeFileSync(join(ws.layouts, 'a.yaml'), smallLayout('A'));
    const daemon = start(ws);
    await daemon.ready();
    const client = await daemon.socket();
    const { parse } = await import('yaml');
    const reply = await client.request({ type: 'layout', id: 'l1', name: 'pushed', layout: parse(smallLayout('Pushed page')) });
    expect(reply).toMatchObject({ type: 'ack', id: 'l1' });
    await daemon.until(async () => (await daemon.health()).page?.title === 'Pushed page', 'the pushed layout to be shown');
    expect(readdirSync(ws.layouts).some((name) => name.startsWith('pushed.'))).toBe(true);
    client.close();
  });

  it('rotates pages in file-name order', async () => {
    const ws = workspace();
    writeFileSync(join(ws.layouts, 'b.yaml'), smallLayout('B'));
    writeFileSync(join(ws.layouts, 'a.yaml'), smallLayout('A'));
    const daemon = start(ws);
    await daemon.ready();
    const seen: string[] = [];
    await daemon.until(async () => {
      const name = (await daemon.health()).page?.name as string;
      if (seen[seen.length - 1] !== name) seen.push(name);
      return seen.length >= 3;
    }, 'two page changes');
    expect(seen.slice(0, 3)).toEqual(['a', 'b', 'a']);
  });

  it('reloads layouts and data on SIGHUP', async () => {
    const ws = workspace();
    writeFileSync(join(ws.layouts, 'a.yaml'), smallLayout('A'));
    writeFileSync(join(ws.data, 'leads.csv'), `metric,time,value\nleads,${thisMonth(1)},5\n`);
    const daemon = start(ws);
    await daemon.ready();
    const mark = daemon.logs.length;
    daemon.signal('SIGHUP');
    await daemon.log(/reloading layouts and data/, mark);
    await daemon.log(/layout loaded/, mark);
    await daemon.log(/data file loaded/, mark);
    expect((await daemon.health()).status).toBe('ok');
  });

  it('exits 0 on SIGTERM, promptly', async () => {
    const ws = workspace();
    writeFileSync(join(ws.layouts, 'a.yaml'), smallLayout('A'));
    const daemon = start(ws);
    await daemon.ready();
    daemon.signal('SIGTERM');
    const exit = await daemon.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(daemon.logs.some((l) => l.msg === 'stopped')).toBe(true);
  });

  it('exits 0 within 5 s on SIGTERM in the middle of pushes, with every acknowledged point stored', async () => {
    const ws = workspace();
    writeFileSync(join(ws.layouts, 'leads.yaml'), smallLayout('Leads'));
    const daemon = start(ws);
    await daemon.ready();
    const client = await daemon.socket();
    const base = Date.parse(thisMonth(2));
    let sent = 0;
    const pump = setInterval(() => {
      if (client.socket.readyState === 1) client.send({ type: 'points', id: `t${sent}`, metric: 'leads', points: [[base + sent * 1000, sent++]] });
    }, 10);
    await daemon.until(() => client.replies.size >= 50, 'some acks');
    daemon.signal('SIGTERM');
    const exit = await daemon.exited;
    clearInterval(pump);
    // Code 0 means the clean stop finished before the daemon's own 4.5 s deadline (else code 1).
    expect(exit).toEqual({ code: 0, signal: null });
    const acked = [...client.replies.values()].filter((r) => r.type === 'ack').map((r) => Number(String(r.id).slice(1)));
    const { PointStore, stateDbPath } = await import('../../src/store/db.js');
    const store = new PointStore(stateDbPath(ws.state), { readonly: true });
    const stored = new Set(store.pointsOf('leads').map((p) => p.t));
    await store.close();
    expect(acked.filter((i) => !stored.has(base + i * 1000))).toEqual([]);
  });

  it('refuses bad settings with file:line:column and exit code 2', async () => {
    const ws = workspace();
    const config = join(ws.dir, 'kpi.yaml');
    writeFileSync(config, 'layouts: l\nmax-fps: lots\n');
    const daemon = start(ws, ['--config', config]);
    const exit = await daemon.exited;
    expect(exit.code).toBe(2);
    expect(daemon.stderr.join('\n')).toContain(`${config}:2:10: max-fps:`);
  });
});

describe('durability', () => {
  it('keeps every acknowledged point when killed with SIGKILL in the middle of a push storm', async () => {
    const ws = workspace();
    writeFileSync(join(ws.layouts, 'leads.yaml'), smallLayout('Leads'));
    const first = start(ws);
    await first.ready();
    const client = await first.socket();
    const base = Date.parse(thisMonth(1));
    // Pipelined: messages go out without waiting for acks, as a busy central server sends them,
    // paced under the per-connection rate limit (messagesPerSecond 200) so every one is accepted.
    const perMessage = 10;
    let sent = 0;
    const pump = setInterval(() => {
      if (client.socket.readyState !== 1) return;
      const points = Array.from({ length: perMessage }, (_, k) => [base + (sent * perMessage + k) * 1000, sent * perMessage + k]);
      client.send({ type: 'points', id: `s${sent}`, metric: 'leads', points });
      sent += 1;
    }, 8);
    const acks = () => [...client.replies.values()].filter((r) => r.type === 'ack');
    await first.until(() => acks().length >= 150, 'some acks');
    // A burst right before the kill, so messages are in flight (read, being stored) when it dies.
    for (let k = 0; k < 50; k += 1) {
      const points = Array.from({ length: perMessage }, (_, j) => [base + (sent * perMessage + j) * 1000, j]);
      client.send({ type: 'points', id: `s${sent}`, metric: 'leads', points });
      sent += 1;
    }
    first.signal('SIGKILL');
    await first.exited;
    clearInterval(pump);
    expect([...client.replies.values()].filter((r) => r.type !== 'ack')).toEqual([]);
    const acked = acks().flatMap((r) => {
      const message = Number(String(r.id).slice(1));
      return Array.from({ length: perMessage }, (_, k) => message * perMessage + k);
    });
    expect(acked.length).toBeGreaterThanOrEqual(1500);

    const second = start(ws);
    await second.ready();
    second.signal('SIGTERM');
    expect((await second.exited).code).toBe(0);
    const { PointStore, stateDbPath } = await import('../../src/store/db.js');
    const store = new PointStore(stateDbPath(ws.state), { readonly: true });
    const stored = new Set(store.pointsOf('leads').map((p) => p.t));
    await store.close();
    const missing = acked.filter((i) => !stored.has(base + i * 1000));
    expect(missing).toEqual([]);
  });
});

describe('one broken part', () => {
  it('does not stop the others: with the port taken, the screen is still drawn and the failure logged by name', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const ws = workspace();
      writeFileSync(join(ws.layouts, 'a.yaml'), smallLayout('A'));
      const daemon = start(ws, ['--listen', `127.0.0.1:${taken}`]);
      const failure = await daemon.log(/part push failed during start/);
      expect(String(failure.msg)).toMatch(/EADDRINUSE/);
      await daemon.log(/first frame on the output/);
      expect(existsSync(ws.png)).toBe(true);
      daemon.signal('SIGTERM');
      expect((await daemon.exited).code).toBe(0);
    } finally {
      blocker.close();
    }
  });
});

describe('without a layouts directory', () => {
  it('creates the directories and shows the placeholder', async () => {
    const ws = workspace();
    rmSync(ws.layouts, { recursive: true });
    const daemon = start(ws);
    await daemon.ready();
    expect(existsSync(ws.layouts)).toBe(true);
  });
});
