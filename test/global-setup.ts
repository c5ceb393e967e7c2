// Tests that spawn the CLI run the compiled dist/: build it once, so a stale dist never passes a test.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

export default function setup(): void {
  const require = createRequire(import.meta.url);
  const tsc = require.resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit', cwd: new URL('..', import.meta.url) });
  if (result.status !== 0) throw new Error('tsc -p tsconfig.build.json failed');
}
