// Tests that spawn the CLI run the compiled dist/: compile it once before the suite so a stale
// dist never passes a test. Type errors are reported by `npm run typecheck`; here only a failed
// emit stops the run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export default function setup(): void {
  const require = createRequire(import.meta.url);
  const tsc = require.resolve('typescript/bin/tsc');
  const root = new URL('..', import.meta.url);
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { encoding: 'utf8', cwd: root });
  if (result.status !== 0) process.stderr.write(`tsc reported problems:\n${result.stdout}${result.stderr}`);
  if (!existsSync(new URL('dist/cli.js', root))) throw new Error('tsc -p tsconfig.build.json emitted no dist/cli.js');
}
