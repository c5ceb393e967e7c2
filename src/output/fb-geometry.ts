/**
 * Framebuffer geometry from sysfs (`/sys/class/graphics/fbN/`): virtual_size "800,480",
 * bits_per_pixel, stride and name. `KPI_SIGNAGE_SYSFS` points the lookup at another directory
 * laid out the same way (tests and benchmarks use regular files).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Depth } from './pixel-format.js';

export const DEFAULT_SYSFS_ROOT = '/sys/class/graphics';
/** The Pi's KMS framebuffer; preferred when the device is chosen automatically. */
export const PREFERRED_FB_NAME = 'vc4drmfb';

export interface FramebufferGeometry {
  readonly device: string;
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly depth: Depth;
  /** Bytes per row, padding included. */
  readonly stride: number;
}

/** A geometry problem a person can act on. */
export class FramebufferError extends Error {
  override readonly name = 'FramebufferError';
}

/** The sysfs root from the environment, or the real one. */
export function sysfsRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.KPI_SIGNAGE_SYSFS !== undefined && env.KPI_SIGNAGE_SYSFS !== '' ? env.KPI_SIGNAGE_SYSFS : DEFAULT_SYSFS_ROOT;
}

/** Reads one sysfs attribute, trimmed; null when it is missing. */
function attribute(directory: string, file: string): string | null {
  try {
    return readFileSync(join(directory, file), 'utf8').trim();
  } catch {
    return null;
  }
}

/** Reads the geometry of a device such as /dev/fb0 (sysfs entry fb0 under `root`). */
export function readGeometry(device: string, root: string): FramebufferGeometry {
  const entry = basename(device);
  const directory = join(root, entry);
  const size = attribute(directory, 'virtual_size');
  if (size === null) throw new FramebufferError(`${device}: no ${join(directory, 'virtual_size')}; is this a framebuffer (ls ${root})?`);
  const match = /^(\d+)\s*,\s*(\d+)$/.exec(size);
  if (match === null) throw new FramebufferError(`${join(directory, 'virtual_size')}: expected "WIDTH,HEIGHT", found "${size}"`);
  const width = Number(match[1]);
  const height = Number(match[2]);
  const bits = Number(attribute(directory, 'bits_per_pixel') ?? 'NaN');
  if (bits !== 16 && bits !== 32) {
    throw new FramebufferError(`${device}: ${Number.isNaN(bits) ? 'unknown' : bits} bits per pixel; kpi-signage writes 16 (RGB565) or 32 (XRGB8888): choose such a mode (e.g. video=HDMI-A-1:1920x1080-32 on the kernel command line)`);
  }
  const depth: Depth = bits;
  const strideText = attribute(directory, 'stride');
  const stride = strideText === null ? (width * bits) / 8 : Number(strideText);
  if (!Number.isInteger(stride) || stride < (width * bits) / 8) {
    throw new FramebufferError(`${join(directory, 'stride')}: ${strideText} bytes is less than a row of ${width} pixels at ${bits} bpp`);
  }
  if (width === 0 || height === 0) throw new FramebufferError(`${device}: virtual_size is ${size}; is a display connected?`);
  return { device, name: attribute(directory, 'name') ?? entry, width, height, depth, stride };
}

/** Picks a framebuffer: the one named vc4drmfb if any, else the lowest-numbered fbN. */
export function findFramebuffer(root: string): string {
  let entries: string[];
  try {
    entries = readdirSync(root).filter((entry) => /^fb\d+$/.test(entry));
  } catch {
    throw new FramebufferError(`no framebuffers: cannot read ${root}`);
  }
  entries.sort((a, b) => Number(a.slice(2)) - Number(b.slice(2)));
  const preferred = entries.find((entry) => attribute(join(root, entry), 'name') === PREFERRED_FB_NAME);
  const chosen = preferred ?? entries[0];
  if (chosen === undefined) throw new FramebufferError(`no framebuffers in ${root}; on a Pi, enable KMS (dtoverlay=vc4-kms-v3d)`);
  return `/dev/${chosen}`;
}
