/**
 * Rotation between the logical canvas (the layout's orientation) and the physical screen.
 * Angles turn the picture clockwise: at 90 the logical top-left lands at the physical top-right.
 * Pure rectangle maths; the sink maps pixels with it (framebuffer.ts `convertRegion`).
 */
export type Rotation = 0 | 90 | 180 | 270;

/** A pixel rectangle (x, y, width, height), whole pixels. */
export interface PixelRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Whether a value is one of the four supported rotations. */
export function isRotation(value: unknown): value is Rotation {
  return value === 0 || value === 90 || value === 180 || value === 270;
}

/** The physical size of a logical canvas after rotation. */
export function rotatedSize(width: number, height: number, rotation: Rotation): { width: number; height: number } {
  return rotation === 90 || rotation === 270 ? { width: height, height: width } : { width, height };
}

/** Where a logical rectangle lands on the physical screen (logical canvas is width × height). */
export function rotateRect(rect: PixelRect, rotation: Rotation, width: number, height: number): PixelRect {
  switch (rotation) {
    case 0:
      return rect;
    case 90:
      return { x: height - rect.y - rect.height, y: rect.x, width: rect.height, height: rect.width };
    case 180:
      return { x: width - rect.x - rect.width, y: height - rect.y - rect.height, width: rect.width, height: rect.height };
    case 270:
      return { x: rect.y, y: width - rect.x - rect.width, width: rect.height, height: rect.width };
  }
}

/** A rectangle grown to whole pixels and cut to [0, width) × [0, height); null when nothing is left. */
export function clipRect(rect: PixelRect, width: number, height: number): PixelRect | null {
  const left = Math.max(0, Math.floor(rect.x));
  const top = Math.max(0, Math.floor(rect.y));
  const right = Math.min(width, Math.ceil(rect.x + rect.width));
  const bottom = Math.min(height, Math.ceil(rect.y + rect.height));
  if (right <= left || bottom <= top) return null;
  return { x: left, y: top, width: right - left, height: bottom - top };
}
