/**
 * Framebuffer pixel formats. node-canvas 'raw' data is cairo ARGB32 in native order, which on
 * the little-endian Pi is B, G, R, A per pixel (premultiplied; our frames are opaque), read as
 * 0xAARRGGBB words. XRGB8888 is that same word; RGB565 packs r>>3, g>>2, b>>3 (truncation, as
 * fbcon does) into a little-endian 16-bit word. The conversion loop is `convertRegion` in
 * framebuffer.ts, where it is fused with rotation.
 */

export type Depth = 16 | 32;

/** Bytes per pixel of a supported depth. */
export function bytesPerPixel(depth: Depth): number {
  return depth / 8;
}
