// `npm run bench`: compiles src/ and runs every benchmark script in bench/ in turn, each in its
// own process (so one's heap never skews another's memory figures). Each script prints its own
// table and writes bench/out/<name>.json; `node bench/run.mjs render push` runs a subset.
import { spawnSync } from 'node:child_process';
import { readdirSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';

const root = new URL('..', import.meta.url);
const require = createRequire(import.meta.url);
const order = ['core', 'eval', 'render', 'push', 'latency', 'idle'];

const build = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
mkdirSync(new URL('bench/out/', root), { recursive: true });

const available = readdirSync(new URL('bench/', root))
  .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs')
  .map((f) => f.slice(0, -4))
  .sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? available.filter((n) => wanted.includes(n)) : available;

console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown cpu'} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, ${os.platform()} ${os.arch()}`);
let failed = 0;
for (const name of names) {
  console.log(`\n## ${name}`);
  const run = spawnSync(process.execPath, ['--expose-gc', `bench/${name}.mjs`], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) {
    console.log(`bench ${name} failed (exit ${run.status ?? run.signal})`);
    failed += 1;
  }
}
process.exit(failed > 0 ? 1 : 0);
