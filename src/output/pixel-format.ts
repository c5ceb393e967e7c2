/**
 * Canvas pixels to framebuffer pixels. node-canvas 'raw' data is cairo ARGB32 in native order,
 * which on the little-endian Pi is B, G, R, A per pixel (premultiplied; our frames are opaque).
 * XRGB8888 on little-endian is the same byte order, so 32 bpp is a plain copy; RGB565 packs
 * r>>3, g>>2, b>>3 (truncation, as fbcon does) into a little-endian 16-bit word.
 */

export type Depth = 16 | 32;

/** Bytes per pixel of a supported depth. */
export function bytesPerPixel(depth: Depth): number {
  return depth / 8;
}

/**
 * Converts `pixelCount` BGRA pixels starting at byte `sourceOffset` into `target` at `targetOffset`
 * in the framebuffer's format. O(n) in pixels; 32 bpp is one memcpy.
 */
export function convertPixels(source: Buffer, sourceOffset: number, pixelCount: number, depth: Depth, target: Buffer, targetOffset: number): void {
  if (depth === 32) {
    source.copy(target, targetOffset, sourceOffset, sourceOffset + pixelCount * 4);
    return;
  }
  const sourceByte = source.byteOffset + sourceOffset;
  const targetByte = target.byteOffset + targetOffset;
  if (sourceByte % 4 === 0 && targetByte % 2 === 0) {
    // Word at a time: on little-endian a BGRA pixel reads as 0xAARRGGBB.
    const pixels = new Uint32Array(source.buffer, sourceByte, pixelCount);
    const words = new Uint16Array(target.buffer, targetByte, pixelCount);
    for (let index = 0; index < pixelCount; index++) {
      const pixel = pixels[index] as number;
      words[index] = ((pixel >>> 8) & 0xf800) | ((pixel >>> 5) & 0x07e0) | ((pixel >>> 3) & 0x001f);
    }
    return;
  }
  let from = sourceOffset;
  let to = targetOffset;
  for (let index = 0; index < pixelCount; index++) {
    const blue = source[from] as number;
    const green = source[from + 1] as number;
    const red = source[from + 2] as number;
    const word = ((red & 0xf8) << 8) | ((green & 0xfc) << 3) | (blue >> 3);
    target[to] = word & 0xff;
    target[to + 1] = word >> 8;
    from += 4;
    to += 2;
  }
}

/** The RGB565 word of a colour (for tests and documentation). */
export function rgb565(red: number, green: number, blue: number): number {
  return ((red & 0xf8) << 8) | ((green & 0xfc) << 3) | (blue >> 3);
}
