/**
 * Saves a pushed layout into the layouts directory atomically: a temp file in the same
 * directory, fsync, rename over `<name>.<ext>`, fsync of the directory. A reader (the file
 * watcher) sees the old file or the new one, never half of one, even across a power cut.
 */
import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Extensions a layout file may have; saving one removes the page's file under the others. */
export const LAYOUT_EXTENSIONS = ['.yaml', '.yml', '.json'] as const;

/** Writes `text` to `path` through a temp file and rename, with the file and directory fsynced. */
export async function writeFileAtomic(directory: string, fileName: string, text: string): Promise<string> {
  const target = join(directory, fileName);
  // A leading dot and a .tmp suffix: no layout watcher takes the temp file for a page.
  const temp = join(directory, `.${fileName}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'w', 0o644);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(directory);
  return target;
}

/** Makes a rename durable: fsync of the directory (a no-op where directories cannot be opened). */
async function syncDirectory(directory: string): Promise<void> {
  let handle;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch {
    // Some platforms cannot fsync a directory; the rename itself is still atomic.
  } finally {
    await handle?.close();
  }
}

/**
 * Saves the page `name` as `<name><extension>` and removes the same page under the other
 * extensions (one name = one page). Returns the path written.
 */
export async function saveLayout(directory: string, name: string, extension: '.json' | '.yaml', text: string): Promise<string> {
  const path = await writeFileAtomic(directory, `${name}${extension}`, text);
  const others = new Set<string>(LAYOUT_EXTENSIONS.filter((other) => other !== extension).map((other) => `${name}${other}`));
  for (const entry of await readdir(directory)) {
    if (others.has(entry)) await rm(join(directory, entry), { force: true });
  }
  return path;
}
