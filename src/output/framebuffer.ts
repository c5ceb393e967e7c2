/**
 * The Linux framebuffer sink: copies dirty rectangles of the logical canvas, rotated in canvas,
 * into /dev/fbN at row * stride + x * bytesPerPixel, converting only those rows. Padding bytes
 * past each row are never written. After a failed write the device is closed and reopened
 * (geometry re-read) on the next frame, which is then written whole.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { createCanvas, type Canvas } from 'canvas';
import { readGeometry, type FramebufferGeometry } from './fb-geometry.js';
import { bytesPerPixel, convertPixels } from './pixel-format.js';
import { clipRect, drawRotatedRegion, rotateRect, rotatedSize, type PixelRect, type Rotation } from './rotate.js';
import type { Sink } from './sink-types.js';

/** Region canvases kept for reuse (tile sizes repeat from frame to frame). */
export const REGION_CANVAS_CACHE = 6;

export class FramebufferSink implements Sink {
  private fd: number | null = null;
  private geometry: FramebufferGeometry;
  private readonly regions = new Map<string, Canvas>();
  private output: Buffer = Buffer.alloc(0);

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

  /** Rotates, clips, converts and writes one logical rectangle. */
  private writeRect(canvas: Canvas, rect: PixelRect): void {
    const logical = clipRect(rect, canvas.width, canvas.height);
    if (logical === null) return;
    const { width, height, depth, stride } = this.geometry;
    const physical = clipRect(rotateRect(logical, this.rotation, canvas.width, canvas.height), width, height);
    if (physical === null) return;
    const { pixels, rowBytes } = this.bgraOf(canvas, logical, physical);
    const bytes = bytesPerPixel(depth);
    const rowLength = physical.width * bytes;
    const needed = rowLength * physical.height;
    if (this.output.length < needed) this.output = Buffer.allocUnsafe(needed);
    for (let row = 0; row < physical.height; row++) {
      convertPixels(pixels, row * rowBytes, physical.width, depth, this.output, row * rowLength);
    }
    const fd = this.fd as number;
    const start = physical.y * stride + physical.x * bytes;
    if (physical.x === 0 && rowLength === stride) {
      writeAll(fd, this.output, 0, needed, start);
      return;
    }
    for (let row = 0; row < physical.height; row++) {
      writeAll(fd, this.output, row * rowLength, rowLength, start + row * stride);
    }
  }

  /** BGRA bytes of the physical region and their row length: the canvas itself when unrotated and whole. */
  private bgraOf(canvas: Canvas, logical: PixelRect, physical: PixelRect): { pixels: Buffer; rowBytes: number } {
    if (this.rotation === 0 && logical.x === 0 && logical.width === canvas.width && physical.width === canvas.width) {
      const raw = canvas.toBuffer('raw');
      return { pixels: raw.subarray(physical.y * canvas.width * 4), rowBytes: canvas.width * 4 };
    }
    const region = this.regionCanvas(physical.width, physical.height);
    const context = region.getContext('2d');
    if (this.rotation === 0) {
      context.setTransform(1, 0, 0, 1, 0, 0);
      context.imageSmoothingEnabled = false;
      context.drawImage(canvas, physical.x, physical.y, physical.width, physical.height, 0, 0, physical.width, physical.height);
    } else {
      drawRotatedRegion(context, canvas, this.rotation, physical);
    }
    return { pixels: region.toBuffer('raw'), rowBytes: physical.width * 4 };
  }

  /** A reusable canvas of a region's size. */
  private regionCanvas(width: number, height: number): Canvas {
    const key = `${width}x${height}`;
    let region = this.regions.get(key);
    if (region === undefined) {
      if (this.regions.size >= REGION_CANVAS_CACHE) this.regions.clear();
      region = createCanvas(width, height);
      this.regions.set(key, region);
    }
    return region;
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
