// `kpi-signage demo`: starts, prints the preview URL and token, and the simulated central server's
// pushes reach the screen over the dial-out WebSocket.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/daemon-process.js';

describe('kpi-signage demo', () => {
  it('prints the preview URL, takes pushes from the simulated central server, and stops cleanly', async () => {
    const child = spawn(process.execPath, [cli, 'demo', '--interval', '300'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NOTIFY_SOCKET: '' } });
    const output: string[] = [];
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    createInterface({ input: child.stdout! }).on('line', (line) => output.push(line));
    createInterface({ input: child.stderr! }).on('line', (line) => output.push(line));
    try {
      const deadline = Date.now() + 30_000;
      const find = (pattern: RegExp) => output.map((line) => pattern.exec(line)).find((m) => m !== null);
      while (find(/token: +(\w+)/) === undefined) {
        if (Date.now() > deadline) throw new Error(`no banner:\n${output.join('\n')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const link = new URL(find(/preview: +(http:\/\/\S+)/)![1]!);
      const token = find(/token: +(\w+)/)![1]!;
      // The printed link carries the token, so a browser opens the preview without a prompt.
      expect(link.searchParams.get('token')).toBe(token);
      const url = `${link.origin}/`;
      const health = async () => (await (await fetch(`${url}v1/health`, { headers: { Authorization: `Bearer ${token}` } })).json()) as Record<string, any>;
      const first = await health();
      expect(first.page).toMatchObject({ name: 'marketing' });
      // Each push from the central server is drawn: the frame count keeps growing.
      let later = first;
      while (!(later.lastUpdate !== null && later.frames >= first.frames + 2)) {
        if (Date.now() > deadline) throw new Error(`no pushes drawn: ${JSON.stringify(later)}\n${output.join('\n')}`);
        await new Promise((r) => setTimeout(r, 200));
        later = await health();
      }
      const snapshot = await fetch(`${url}v1/snapshot.png`, { headers: { Authorization: `Bearer ${token}` } });
      expect(snapshot.headers.get('content-type')).toBe('image/png');
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
