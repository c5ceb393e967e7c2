/** The contract every output sink meets (kept apart so sinks and the factory share it without a cycle). */
import type { Canvas } from 'canvas';
import type { PixelRect } from './rotate.js';

export interface Sink {
  /** Writes the frame: only the dirty rectangles (logical coordinates) where the sink can, or all of it. */
  write(canvas: Canvas, dirty: readonly PixelRect[] | 'all'): Promise<void>;
  close(): Promise<void>;
  /** One line for logs and /v1/health, e.g. "fb:/dev/fb0 (vc4drmfb 1920x1080, 32 bpp, …)". */
  describe(): string;
  /** The logical canvas size that fills this output, or null when any size will do (PNG). */
  screenSize(): { width: number; height: number } | null;
}
