/**
 * Opens an output by its spec: `png:FILE`, `fb:/dev/fbN`, or `fb` / `fb:auto` (the framebuffer
 * named vc4drmfb if there is one, else the lowest fbN). Exports `Sink`, `openSink`, `renderPng`.
 */
import { findFramebuffer, sysfsRoot } from './fb-geometry.js';
import { FramebufferSink } from './framebuffer.js';
import { PngSink } from './png.js';
import { isRotation, type Rotation } from './rotate.js';

export type { Sink } from './sink-types.js';
export type { PixelRect, Rotation } from './rotate.js';
export { renderPng, writeFileAtomic } from './png.js';

/** Opens a sink; throws an error naming the spec and what to write instead when it is wrong. */
export async function openSink(spec: string, options: { rotate: Rotation; env?: NodeJS.ProcessEnv }): Promise<import('./sink-types.js').Sink> {
  if (!isRotation(options.rotate)) throw new Error(`rotate ${String(options.rotate)}: use 0, 90, 180 or 270`);
  const colon = spec.indexOf(':');
  const kind = colon < 0 ? spec : spec.slice(0, colon);
  const target = colon < 0 ? '' : spec.slice(colon + 1);
  if (kind === 'png') {
    if (target === '') throw new Error(`output '${spec}': name the file, e.g. png:/tmp/frame.png`);
    return new PngSink(target);
  }
  if (kind === 'fb') {
    const root = sysfsRoot(options.env ?? process.env);
    const device = target === '' || target === 'auto' ? findFramebuffer(root) : target;
    return new FramebufferSink(device, options.rotate, root);
  }
  throw new Error(`output '${spec}': unknown kind '${kind}'; use png:FILE or fb:/dev/fb0`);
}
