/**
 * The PNG sink: every frame encoded whole and written atomically (temp file in the same
 * directory, fsync, rename), so a reader never sees half a file. Frames stay in the layout's
 * orientation: a PNG is for people and browsers, not for a rotated panel.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Canvas } from 'canvas';
import type { Sink } from './sink-types.js';

/** zlib level for PNGs: 6 is most of the size win of 9 at a fraction of the time. */
export const PNG_COMPRESSION_LEVEL = 6;

/** The canvas as PNG bytes (for GET /v1/snapshot.png and the render command). */
export function renderPng(canvas: Canvas): Buffer {
  return canvas.toBuffer('image/png', { compressionLevel: PNG_COMPRESSION_LEVEL });
}

/** Writes bytes to `file` atomically: a temp file beside it, fsync, then rename over. */
export function writeFileAtomic(file: string, bytes: Buffer): void {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  const fd = openSync(temporary, 'w');
  try {
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

export class PngSink implements Sink {
  constructor(private readonly file: string) {}

  /** Encodes and replaces the file; the dirty rectangles do not matter to a PNG. */
  async write(canvas: Canvas, _dirty: unknown): Promise<void> {
    writeFileAtomic(this.file, renderPng(canvas));
  }

  async close(): Promise<void> {}

  describe(): string {
    return `png:${this.file}`;
  }

  screenSize(): null {
    return null;
  }
}
