/**
 * The bearer token: read from the token file, or created there (random, mode 0600) on first start
 * so a fresh box works without a manual step; `pi-setup.sh` may write its own beforehand.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Shortest token accepted from a file: anything shorter is guessable. */
export const MIN_TOKEN_LENGTH = 16;

/** Reads the token (trimmed), creating the file with a new random token when it is missing. */
export function readOrCreateToken(file: string): { token: string; created: boolean } {
  try {
    const token = readFileSync(file, 'utf8').trim();
    if (token.length < MIN_TOKEN_LENGTH) throw new Error(`${file}: the token is shorter than ${MIN_TOKEN_LENGTH} characters; put a longer random one there (e.g. openssl rand -hex 24 > ${file})`);
    return { token, created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = randomBytes(24).toString('hex');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return { token, created: true };
}
