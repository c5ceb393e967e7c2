// The PNG sink writes whole frames atomically: the file decodes to the canvas's pixels and no
// temporary file is left beside it.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas } from 'canvas';
import { PNG } from 'pngjs';
import { expect, test } from 'vitest';
import { openSink, renderPng } from '../../src/output/sink.js';

test('png:FILE replaces the file atomically with the frame', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-png-'));
  const file = join(dir, 'frame.png');
  const sink = await openSink(`png:${file}`, { rotate: 90 });
  expect(sink.describe()).toBe(`png:${file}`);
  expect(sink.screenSize()).toBeNull();
  const canvas = createCanvas(64, 32);
  const ctx = canvas.getContext('2d');
  for (const color of ['rgb(10,20,30)', 'rgb(250,128,0)']) {
    ctx.fillStyle = color;
    ctx.fillRect(0, 0, 64, 32);
    await sink.write(canvas, 'all');
  }
  await sink.close();
  const png = PNG.sync.read(readFileSync(file));
  expect([png.width, png.height]).toEqual([64, 32]);
  expect([...png.data.subarray(0, 4)]).toEqual([250, 128, 0, 255]);
  expect(readdirSync(dir)).toEqual(['frame.png']);
  expect(renderPng(canvas).subarray(1, 4).toString()).toBe('PNG');
});

test('png: without a file name says what to write', async () => {
  await expect(openSink('png:', { rotate: 0 })).rejects.toThrow(/png:\/tmp\/frame.png/);
});
