// A fake /sys/class/graphics/fbN plus a regular file as the device: what a Pi's fb0 looks like
// to the sink, byte for byte. Every byte starts as FILL so untouched padding is visible.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FILL = 0xaa;

export interface FakeFramebuffer {
  readonly root: string;
  readonly device: string;
  readonly width: number;
  readonly height: number;
  readonly depth: 16 | 32;
  readonly stride: number;
}

export function fakeFramebuffer(options: { width?: number; height?: number; depth: 16 | 32; stride?: number; name?: string; entry?: string; dir?: string }): FakeFramebuffer {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'kpi-fb-'));
  const root = join(dir, 'sys');
  const entry = options.entry ?? 'fb0';
  const width = options.width ?? 800;
  const height = options.height ?? 480;
  const stride = options.stride ?? (width * options.depth) / 8;
  mkdirSync(join(root, entry), { recursive: true });
  writeFileSync(join(root, entry, 'virtual_size'), `${width},${height}\n`);
  writeFileSync(join(root, entry, 'bits_per_pixel'), `${options.depth}\n`);
  writeFileSync(join(root, entry, 'stride'), `${stride}\n`);
  writeFileSync(join(root, entry, 'name'), `${options.name ?? 'vc4drmfb'}\n`);
  mkdirSync(join(dir, 'dev'), { recursive: true });
  const device = join(dir, 'dev', entry);
  writeFileSync(device, Buffer.alloc(stride * height, FILL));
  return { root, device, width, height, depth: options.depth, stride };
}

/** The bytes of physical pixel (x, y). */
export function pixelAt(file: Buffer, fb: FakeFramebuffer, x: number, y: number): number[] {
  const bytes = fb.depth / 8;
  const at = y * fb.stride + x * bytes;
  return [...file.subarray(at, at + bytes)];
}
