// The framebuffer sink against a regular file laid out like a Pi's fb0: exact bytes for both
// depths, padded strides left untouched, every rotation, dirty-rectangle writes, reopening.
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas, type Canvas } from 'canvas';
import { describe, expect, test } from 'vitest';
import { openSink } from '../../src/output/sink.js';
import type { Rotation } from '../../src/output/rotate.js';
import { fakeFramebuffer, FILL, pixelAt, type FakeFramebuffer } from './fb-fixture.js';

const RED = [255, 0, 0] as const;
const BLUE = [0, 0, 255] as const;
const GREEN = [0, 255, 0] as const;
const ODD = [200, 100, 50] as const;

/** Expected bytes of a colour at a depth: XRGB8888 little-endian is B, G, R, X; RGB565 little-endian. */
function expected(color: readonly [number, number, number], depth: 16 | 32): number[] {
  const [r, g, b] = color;
  if (depth === 32) return [b, g, r, 0xff];
  const word = ((r & 0xf8) << 8) | ((g & 0xfc) << 3) | (b >> 3);
  return [word & 0xff, word >> 8];
}

/** A logical canvas: red, a blue block at the logical top-left, a green block right of it, an odd colour bottom-right. */
function scene(width: number, height: number): Canvas {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = 'rgb(255,0,0)';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = 'rgb(0,0,255)';
  ctx.fillRect(0, 0, 10, 10);
  ctx.fillStyle = 'rgb(0,255,0)';
  ctx.fillRect(20, 0, 10, 10);
  ctx.fillStyle = 'rgb(200,100,50)';
  ctx.fillRect(width - 10, height - 10, 10, 10);
  return canvas;
}

function paddingUntouched(file: Buffer, fb: FakeFramebuffer): boolean {
  const rowBytes = (fb.width * fb.depth) / 8;
  for (let row = 0; row < fb.height; row++) {
    for (let at = row * fb.stride + rowBytes; at < (row + 1) * fb.stride; at++) if (file[at] !== FILL) return false;
  }
  return true;
}

describe.each([16, 32] as const)('framebuffer at %i bpp', (depth) => {
  test('a full frame lands byte for byte, padding bytes untouched', async () => {
    const stride = depth === 16 ? 1664 : 3328;
    const fb = fakeFramebuffer({ depth, stride });
    const sink = await openSink(`fb:${fb.device}`, { rotate: 0, env: { KPI_SIGNAGE_SYSFS: fb.root } });
    expect(sink.screenSize()).toEqual({ width: 800, height: 480 });
    await sink.write(scene(800, 480), 'all');
    await sink.close();
    const file = readFileSync(fb.device);
    expect(file.length).toBe(stride * 480);
    expect(pixelAt(file, fb, 0, 0)).toEqual(expected(BLUE, depth));
    expect(pixelAt(file, fb, 9, 9)).toEqual(expected(BLUE, depth));
    expect(pixelAt(file, fb, 10, 0)).toEqual(expected(RED, depth));
    expect(pixelAt(file, fb, 25, 5)).toEqual(expected(GREEN, depth));
    expect(pixelAt(file, fb, 400, 240)).toEqual(expected(RED, depth));
    expect(pixelAt(file, fb, 799, 479)).toEqual(expected(ODD, depth));
    expect(pixelAt(file, fb, 789, 469)).toEqual(expected(RED, depth));
    expect(paddingUntouched(file, fb)).toBe(true);
  });

  test.each([
    // rotation, where the logical top-left blue block and the green block beside it land
    [0, { blue: [0, 0], green: [25, 5], odd: [799, 479] }],
    [90, { blue: [799, 0], green: [795, 25], odd: [0, 479] }],
    [180, { blue: [799, 479], green: [774, 474], odd: [0, 0] }],
    [270, { blue: [0, 479], green: [5, 454], odd: [799, 0] }],
  ] as const)('rotation %i puts the logical corners where the panel shows them', async (rotate, spots) => {
    const fb = fakeFramebuffer({ depth, stride: depth === 16 ? 1664 : 3328 });
    const sink = await openSink(`fb:${fb.device}`, { rotate: rotate as Rotation, env: { KPI_SIGNAGE_SYSFS: fb.root } });
    const logical = sink.screenSize();
    expect(logical).toEqual(rotate === 90 || rotate === 270 ? { width: 480, height: 800 } : { width: 800, height: 480 });
    await sink.write(scene(logical?.width ?? 0, logical?.height ?? 0), 'all');
    await sink.close();
    const file = readFileSync(fb.device);
    expect(pixelAt(file, fb, spots.blue[0], spots.blue[1])).toEqual(expected(BLUE, depth));
    expect(pixelAt(file, fb, spots.green[0], spots.green[1])).toEqual(expected(GREEN, depth));
    expect(pixelAt(file, fb, spots.odd[0], spots.odd[1])).toEqual(expected(ODD, depth));
    expect(pixelAt(file, fb, 400, 240)).toEqual(expected(RED, depth));
    expect(paddingUntouched(file, fb)).toBe(true);
  });

  test('a dirty rectangle writes only its rows and columns', async () => {
    const fb = fakeFramebuffer({ depth, stride: depth === 16 ? 1664 : 3328 });
    const regions = {
      0: { dirty: { x: 100, y: 50, width: 40, height: 30 }, corner: [100, 50] },
      90: { dirty: { x: 800 - 50 - 30, y: 100, width: 30, height: 40 }, corner: [745, 100] },
      180: { dirty: { x: 800 - 100 - 40, y: 480 - 50 - 30, width: 40, height: 30 }, corner: [695, 425] },
      270: { dirty: { x: 50, y: 480 - 100 - 40, width: 30, height: 40 }, corner: [50, 375] },
    } as const;
    for (const rotate of [0, 90, 180, 270] as const) {
      writeFileSync(fb.device, Buffer.alloc(fb.stride * fb.height, FILL));
      const sink = await openSink(`fb:${fb.device}`, { rotate, env: { KPI_SIGNAGE_SYSFS: fb.root } });
      const size = sink.screenSize() ?? { width: 0, height: 0 };
      const canvas = scene(size.width, size.height);
      await sink.write(canvas, 'all');
      const before = readFileSync(fb.device);
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = 'rgb(0,255,0)';
      ctx.fillRect(0, 0, size.width, size.height); // everything changes on the canvas…
      ctx.fillStyle = 'rgb(0,0,255)';
      ctx.fillRect(100, 50, 5, 5); // …with a blue mark at the dirty rectangle's logical top-left
      const dirty = { x: 100, y: 50, width: 40, height: 30 };
      await sink.write(canvas, [dirty]); // …but only this rectangle is declared dirty
      await sink.close();
      const after = readFileSync(fb.device);
      const region = regions[rotate].dirty;
      const [cornerX, cornerY] = regions[rotate].corner;
      const mark = (x: number, y: number): boolean => x >= cornerX && x < cornerX + 5 && y >= cornerY && y < cornerY + 5;
      let changedOutside = 0;
      for (let y = 0; y < fb.height; y++) {
        for (let x = 0; x < fb.width; x++) {
          const inside = x >= region.x && x < region.x + region.width && y >= region.y && y < region.y + region.height;
          const now = pixelAt(after, fb, x, y);
          if (inside) expect(now).toEqual(expected(mark(x, y) ? BLUE : GREEN, depth));
          else if (now.join() !== pixelAt(before, fb, x, y).join()) changedOutside += 1;
        }
      }
      expect(changedOutside).toBe(0);
      expect(paddingUntouched(after, fb)).toBe(true);
    }
  });
});

test('after a failed write the device is reopened and the next frame is written whole', async () => {
  const fb = fakeFramebuffer({ depth: 16, stride: 1664 });
  const real = `${fb.device}.real`;
  writeFileSync(real, readFileSync(fb.device));
  rmSync(fb.device);
  symlinkSync('/dev/full', fb.device); // writes fail with ENOSPC, like a vanished display
  const sink = await openSink(`fb:${fb.device}`, { rotate: 0, env: { KPI_SIGNAGE_SYSFS: fb.root } });
  await expect(sink.write(scene(800, 480), 'all')).rejects.toThrow(/write failed.*reopened on the next frame/);
  rmSync(fb.device);
  symlinkSync(real, fb.device);
  await sink.write(scene(800, 480), [{ x: 0, y: 0, width: 5, height: 5 }]);
  await sink.close();
  const file = readFileSync(real);
  expect(pixelAt(file, fb, 799, 479)).toEqual(expected(ODD, 16)); // outside the dirty rectangle: the whole frame went out
  expect(pixelAt(file, fb, 400, 240)).toEqual(expected(RED, 16));
});

test('fb:auto prefers the framebuffer named vc4drmfb; bad geometry is an actionable error', async () => {
  const first = fakeFramebuffer({ depth: 16, entry: 'fb0', name: 'simple' });
  fakeFramebuffer({ depth: 32, entry: 'fb1', name: 'vc4drmfb', dir: join(first.root, '..') });
  const sink = await openSink('fb:auto', { rotate: 0, env: { KPI_SIGNAGE_SYSFS: first.root } });
  expect(sink.describe()).toBe('fb:/dev/fb1 (vc4drmfb 800x480, 32 bpp, stride 3200, rotate 0)');
  writeFileSync(join(first.root, 'fb0', 'bits_per_pixel'), '24\n');
  await expect(openSink(`fb:${first.device}`, { rotate: 0, env: { KPI_SIGNAGE_SYSFS: first.root } })).rejects.toThrow(/24 bits per pixel.*16 \(RGB565\) or 32 \(XRGB8888\)/);
  await expect(openSink('fb:/dev/fb7', { rotate: 0, env: { KPI_SIGNAGE_SYSFS: first.root } })).rejects.toThrow(/fb7.*virtual_size/);
  await expect(openSink('vnc:0', { rotate: 0 })).rejects.toThrow(/use png:FILE or fb:\/dev\/fb0/);
});
