/**
 * The one font family of every frame: DejaVu Sans shipped in fonts/ (Bitstream Vera licence,
 * fonts/LICENSE-DejaVu.txt), registered explicitly so a frame is the same on every machine.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { registerFont } from 'canvas';

/** The family name every draw step uses. */
export const FONT_FAMILY = 'DejaVu Sans';

/** Where the Debian package puts the same files, used when fonts/ is missing. */
const DEBIAN_FONT_DIR = '/usr/share/fonts/truetype/dejavu/';

let registered = false;

/** Registers the regular and bold faces once; must run before the first canvas is created. */
export function registerFonts(): void {
  if (registered) return;
  registered = true;
  const shipped = fileURLToPath(new URL('../../fonts/', import.meta.url));
  for (const [file, weight] of [
    ['DejaVuSans.ttf', 'normal'],
    ['DejaVuSans-Bold.ttf', 'bold'],
  ] as const) {
    const path = [shipped + file, DEBIAN_FONT_DIR + file].find((candidate) => existsSync(candidate));
    if (path !== undefined) registerFont(path, { family: FONT_FAMILY, weight });
  }
}

/** A CSS font string of our family. */
export function fontOf(sizePx: number, bold: boolean): string {
  return `${bold ? 'bold ' : ''}${Math.max(1, Math.round(sizePx * 10) / 10)}px "${FONT_FAMILY}"`;
}
