import { mkdtempSync, renameSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DirectoryWatcher, isJunkName } from '../../src/daemon/watcher.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let watcher: DirectoryWatcher | null = null;
afterEach(async () => watcher?.stop());

async function watchDir(settleMs = 100) {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-watch-'));
  const events: string[] = [];
  const contents: string[] = [];
  watcher = new DirectoryWatcher({
    dir,
    extensions: ['.yaml', '.json'],
    settleMs,
    onFile: async (path) => {
      events.push(`file ${path.slice(dir.length + 1)}`);
      const { readFileSync } = await import('node:fs');
      contents.push(readFileSync(path, 'utf8'));
    },
    onRemove: (path) => void events.push(`remove ${path.slice(dir.length + 1)}`),
    onError: (error) => events.push(`error ${String(error)}`),
  });
  await watcher.start();
  return { dir, events, contents };
}

async function until(check: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe('DirectoryWatcher', () => {
  it('reports an rsync-style copy (temp dotfile, then rename) once, complete', async () => {
    const { dir, events, contents } = await watchDir();
    const temp = join(dir, '.page.yaml.Xa81Qz');
    writeFileSync(temp, 'a: 1\n');
    appendFileSync(temp, 'b: 2\n');
    renameSync(temp, join(dir, 'page.yaml'));
    await until(() => events.length >= 1, 'the file event');
    await sleep(500);
    expect(events).toEqual(['file page.yaml']);
    expect(contents).toEqual(['a: 1\nb: 2\n']);
  });

  it('waits for a slow copy (scp writing in chunks) to finish before reporting it', async () => {
    const { dir, events, contents } = await watchDir(150);
    const file = join(dir, 'slow.json');
    writeFileSync(file, '{"a":');
    for (let i = 0; i < 4; i += 1) {
      await sleep(60);
      appendFileSync(file, ` ${i},`);
    }
    await sleep(60);
    appendFileSync(file, ' "end": true}');
    await until(() => events.length >= 1, 'the file event');
    await sleep(500);
    expect(events).toEqual(['file slow.json']);
    expect(contents).toEqual(['{"a": 0, 1, 2, 3, "end": true}']);
  });

  it('ignores editor swap files and backups, reports removal, skips other extensions', async () => {
    const { dir, events } = await watchDir();
    writeFileSync(join(dir, '.page.yaml.swp'), 'x');
    writeFileSync(join(dir, 'page.yaml~'), 'x');
    writeFileSync(join(dir, '4913'), '');
    writeFileSync(join(dir, 'notes.txt'), 'x');
    writeFileSync(join(dir, 'page.yaml'), 'a: 1\n');
    await until(() => events.length >= 1, 'the file event');
    rmSync(join(dir, 'page.yaml'));
    await until(() => events.length >= 2, 'the remove event');
    await sleep(300);
    expect(events).toEqual(['file page.yaml', 'remove page.yaml']);
  });

  it('reports an editor save (vim: backup rename, new file, backup deleted) once', async () => {
    const { dir, events, contents } = await watchDir();
    const file = join(dir, 'page.yaml');
    writeFileSync(file, 'old: 1\n');
    await until(() => events.length >= 1, 'the first version');
    writeFileSync(join(dir, '.page.yaml.swp'), 'swap');
    renameSync(file, `${file}~`);
    writeFileSync(join(dir, '4913'), '');
    rmSync(join(dir, '4913'));
    writeFileSync(file, 'new: 2\n');
    rmSync(`${file}~`);
    rmSync(join(dir, '.page.yaml.swp'));
    await until(() => events.length >= 2, 'the saved version');
    await sleep(500);
    expect(events).toEqual(['file page.yaml', 'file page.yaml']);
    expect(contents).toEqual(['old: 1\n', 'new: 2\n']);
  });

  it('knows junk names', () => {
    expect(['.x.yaml.AbC123', 'a.yaml~', 'a.yaml.swp', '4913'].every(isJunkName)).toBe(true);
    expect(['marketing.yaml', '_draft.yaml', '2026.csv'].some(isJunkName)).toBe(false);
  });
});
