// Runs on `npm ci`: compiles src/ to dist/ so that `npx kpi-signage` works in a fresh checkout.
// With --omit=dev (a Pi install) TypeScript is absent: a shipped dist/ is then used as it is.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc');
} catch {
  if (existsSync(new URL('../dist/cli.js', import.meta.url))) process.exit(0);
  console.error('kpi-signage: TypeScript is not installed and dist/ is missing: run `npm ci` (with dev dependencies) once.');
  process.exit(1);
}
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit', cwd: new URL('..', import.meta.url) });
process.exit(result.status ?? 1);
