// Kill-safety of the store: a child process stores points through the compiled dist/ and tells
// the parent over stdout which ones were acknowledged; the parent SIGKILLs it mid-storm, reopens
// the SQLite file and must find every acknowledged point.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PointStore, stateDbPath } from '../../src/store/db.js';

const T0 = Date.parse('2026-12-03T00:00:00Z');
const distStore = pathToFileURL(join(import.meta.dirname, '../../dist/store/db.js')).href;

/** The child: inserts in waves of 8 concurrent calls (group commit) and prints each acked sequence number. */
const CHILD = `
import { openPointStore } from ${JSON.stringify(distStore)};
const store = openPointStore(process.argv[2], { now: () => ${T0} });
let seq = Number(process.argv[3]);
process.stdout.write('ready\\n');
for (;;) {
  const wave = [];
  for (let k = 0; k < 8; k++) {
    const mine = seq++;
    const points = Array.from({ length: 5 }, (_, j) => ({ t: ${T0} + mine * 10 + j, v: mine }));
    wave.push(store.insert([{ metric: 'storm_' + (mine % 4), points }]).then(() => process.stdout.write('ack ' + mine + '\\n')));
  }
  await Promise.all(wave);
}
`;

describe('store kill-safety', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kpi-kill-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds every acknowledged point after SIGKILL mid-write', async () => {
    const script = join(dir, 'child.mjs');
    writeFileSync(script, CHILD);
    const stateDir = join(dir, 'state');
    for (let round = 0; round < 3; round++) {
      const child = spawn(process.execPath, [script, stateDir, String(round * 1_000_000)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const acked: number[] = [];
      const killAt = 150 + round * 137;
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      for await (const line of createInterface({ input: child.stdout })) {
        if (!line.startsWith('ack ')) continue;
        acked.push(Number(line.slice(4)));
        if (acked.length === killAt) child.kill('SIGKILL');
        if (acked.length > killAt + 10_000) throw new Error('the child outlived SIGKILL');
      }
      expect(await exited, stderr).toBe('SIGKILL');
      expect(acked.length).toBeGreaterThanOrEqual(killAt);

      const store = new PointStore(stateDbPath(stateDir), { readonly: true });
      const found = new Set<number>();
      for (const points of store.allPoints().values()) for (const point of points) found.add(point.v!);
      await store.close();
      const missing = acked.filter((seq) => !found.has(seq));
      expect(missing).toEqual([]);
      // Each acknowledged call stored all 5 of its points.
      const reopened = new PointStore(stateDbPath(stateDir), { readonly: true });
      const perSeq = new Map<number, number>();
      for (const points of reopened.allPoints().values()) for (const point of points) perSeq.set(point.v!, (perSeq.get(point.v!) ?? 0) + 1);
      await reopened.close();
      expect(acked.filter((seq) => perSeq.get(seq) !== 5)).toEqual([]);
    }
  });
});
