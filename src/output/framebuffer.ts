/**
 * The Linux framebuffer sink: copies dirty rectangles of the logical canvas into /dev/fbN at
 * row * stride + x * bytesPerPixel, a band of rows at a time: each band is copied out of the
 * canvas (drawImage into a small reused canvas), rotated by index mapping and converted into one
 * reused buffer. PNG encoding is never on this path. Padding bytes
 * past each row are never written. After a failed write the device is closed and reopened
 * (geometry re-read) on the next frame, which is then written whole.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { createCanvas, type Canvas } from 'canvas';
import { readGeometry, type FramebufferGeometry } from './fb-geometry.js';
import { bytesPerPixel, type Depth } from './pixel-format.js';
import { clipRect, rotateRect, rotatedSize, type PixelRect, type Rotation } from './rotate.js';
import type { Sink } from './sink-types.js';

/** Region canvases kept for reuse (tile sizes repeat from frame to frame). */
export const REGION_CANVAS_CACHE = 6;
/**
 * Pixels are copied out of the canvas this many bytes at a time. Below glibc's 128 KiB mmap
 * threshold, so freed copies are reused rather than raising the threshold and staying resident.
 */
export const READ_CHUNK_BYTES = 64 * 1024;

export class FramebufferSink implements Sink {
  private fd: number | null = null;
  private geometry: FramebufferGeometry;
  private readonly regions = new Map<string, Canvas>();
  /** Converted rows waiting to be written, reused for every band of every frame. */
  private readonly band = Buffer.allocUnsafeSlow(READ_CHUNK_BYTES);

  /** Reads the geometry now so a wrong device fails at start, not at the first frame. */
  constructor(
    private readonly device: string,
    private readonly rotation: Rotation,
    private readonly root: string,
  ) {
    this.geometry = readGeometry(device, root);
  }

  /** Copies the dirty rectangles (logical coordinates) of `canvas` to the device. */
  async write(canvas: Canvas, dirty: readonly PixelRect[] | 'all'): Promise<void> {
    try {
      let rects = dirty;
      if (this.fd === null) {
        this.geometry = readGeometry(this.device, this.root);
        this.fd = openSync(this.device, 'r+');
        rects = 'all';
      }
      const whole: PixelRect = { x: 0, y: 0, width: canvas.width, height: canvas.height };
      for (const rect of rects === 'all' ? [whole] : rects) this.writeRect(canvas, rect);
    } catch (error) {
      this.closeDevice();
      const why = error instanceof Error ? error.message : String(error);
      throw new Error(`${this.describe()}: write failed (${why}); the device is reopened on the next frame`, { cause: error });
    }
  }

  /** The logical canvas size that fills the screen at this rotation. */
  screenSize(): { width: number; height: number } {
    return rotatedSize(this.geometry.width, this.geometry.height, this.rotation);
  }

  /** Closes the device. */
  async close(): Promise<void> {
    this.closeDevice();
    this.regions.clear();
  }

  /** "fb:/dev/fb0 (vc4drmfb 800x480, 16 bpp, stride 1664, rotate 0)". */
  describe(): string {
    const g = this.geometry;
    return `fb:${this.device} (${g.name} ${g.width}x${g.height}, ${g.depth} bpp, stride ${g.stride}, rotate ${this.rotation})`;
  }

  private closeDevice(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        // already gone: nothing to release
      }
      this.fd = null;
    }
  }

  /**
   * Writes one logical rectangle a band of physical rows at a time: each band's pixels are copied
   * out of the canvas (at most READ_CHUNK_BYTES, so no allocation is large enough to make glibc
   * keep freed memory resident), rotated by index mapping, converted, and written.
   */
  private writeRect(canvas: Canvas, rect: PixelRect): void {
    const logical = clipRect(rect, canvas.width, canvas.height);
    if (logical === null) return;
    const { width, height, depth, stride } = this.geometry;
    const physical = clipRect(rotateRect(logical, this.rotation, canvas.width, canvas.height), width, height);
    if (physical === null) return;
    const bytes = bytesPerPixel(depth);
    const rowLength = physical.width * bytes;
    const fd = this.fd as number;
    const rotated = rotatedSize(canvas.width, canvas.height, this.rotation);
    const bandRows = Math.max(1, Math.min(physical.height, Math.floor(READ_CHUNK_BYTES / (physical.width * 4))));
    for (let top = 0; top < physical.height; top += bandRows) {
      const rows = Math.min(bandRows, physical.height - top);
      const band: PixelRect = { x: physical.x, y: physical.y + top, width: physical.width, height: rows };
      const source = rotateRect(band, inverseOf(this.rotation), rotated.width, rotated.height);
      const raw = this.pixelsOf(canvas, source);
      let data = raw;
      if (this.rotation !== 0 || depth !== 32) {
        // (unrotated XRGB8888 is the canvas's own byte order: written as copied)
        const pixels = raw.byteOffset % 4 === 0 ? new Uint32Array(raw.buffer, raw.byteOffset, raw.length / 4) : new Uint32Array(new Uint8Array(raw).buffer);
        convertRegion(pixels, { canvasWidth: canvas.width, canvasHeight: canvas.height, rect: source }, this.rotation, band, depth, this.band);
        data = this.band;
      }
      const start = band.y * stride + band.x * bytes;
      if (band.x === 0 && rowLength === stride) {
        writeAll(fd, data, 0, rowLength * rows, start);
        continue;
      }
      for (let row = 0; row < rows; row++) writeAll(fd, data, row * rowLength, rowLength, start + row * stride);
    }
  }

  /** A copy of a logical rectangle's pixels (cairo ARGB32: B, G, R, A on little-endian), rows packed. */
  private pixelsOf(canvas: Canvas, logical: PixelRect): Buffer {
    const key = `${logical.width}x${logical.height}`;
    let region = this.regions.get(key);
    if (region === undefined) {
      if (this.regions.size >= REGION_CANVAS_CACHE) this.regions.clear();
      region = createCanvas(logical.width, logical.height);
      this.regions.set(key, region);
    }
    const context = region.getContext('2d');
    context.globalCompositeOperation = 'copy';
    context.imageSmoothingEnabled = false;
    context.drawImage(canvas, logical.x, logical.y, logical.width, logical.height, 0, 0, logical.width, logical.height);
    return region.toBuffer('raw');
  }
}

/** The rotation that undoes `rotation`. */
function inverseOf(rotation: Rotation): Rotation {
  return rotation === 90 ? 270 : rotation === 270 ? 90 : rotation;
}

/** Where a copy of canvas pixels came from: the canvas size and the logical rectangle copied. */
export interface PixelSource {
  readonly canvasWidth: number;
  readonly canvasHeight: number;
  readonly rect: PixelRect;
}

/**
 * Fills `target` with the physical rectangle `band` in the framebuffer's format, reading each
 * physical pixel from its logical place in the copy of `source.rect` (rotation as an index
 * mapping: exact, no resampling). `pixels` are little-endian 0xAARRGGBB words.
 */
export function convertRegion(pixels: Uint32Array, source: PixelSource, rotation: Rotation, band: PixelRect, depth: Depth, target: Buffer): void {
  const { canvasWidth: W, canvasHeight: H } = source;
  const { x: left, y: top, width: rowWidth } = source.rect;
  const count = band.width * band.height;
  const words16 = depth === 16 ? new Uint16Array(target.buffer, target.byteOffset, count) : null;
  const words32 = depth === 32 ? new Uint32Array(target.buffer, target.byteOffset, count) : null;
  let out = 0;
  for (let y = band.y; y < band.y + band.height; y++) {
    // the copy's index of physical (x, y) is base + x * step
    let base: number;
    let step: number;
    if (rotation === 0) {
      base = (y - top) * rowWidth - left;
      step = 1;
    } else if (rotation === 90) {
      base = (H - 1 - top) * rowWidth + (y - left);
      step = -rowWidth;
    } else if (rotation === 180) {
      base = (H - 1 - y - top) * rowWidth + (W - 1 - left);
      step = -1;
    } else {
      base = -top * rowWidth + (W - 1 - y - left);
      step = rowWidth;
    }
    let index = base + band.x * step;
    const end = out + band.width;
    if (words32 !== null) {
      for (; out < end; out++, index += step) words32[out] = pixels[index] as number;
    } else if (words16 !== null) {
      for (; out < end; out++, index += step) {
        const pixel = pixels[index] as number;
        words16[out] = ((pixel >>> 8) & 0xf800) | ((pixel >>> 5) & 0x07e0) | ((pixel >>> 3) & 0x001f);
      }
    }
  }
}

/** writeSync until every byte is written (a framebuffer may take a row in parts). */
function writeAll(fd: number, buffer: Buffer, offset: number, length: number, position: number): void {
  let done = 0;
  while (done < length) {
    const written = writeSync(fd, buffer, offset + done, length - done, position + done);
    if (written <= 0) throw new Error(`short write at byte ${position + done}`);
    done += written;
  }
}
