// Idle cost and memory of the real daemon (`kpi-signage run`, a child process) on the example
// layout and data, drawing into a framebuffer file (KPI_SIGNAGE_SYSFS):
//  1. idle: CPU time of the process over IDLE_SECONDS (default 30) from /proc/<pid>/stat, and the
//     frames drawn meanwhile (only the once-a-minute clock tick may draw). Target: no redraw
//     beyond the minute ticks, < 1 % CPU.
//  2. memory: RSS (/proc/<pid>/status VmRSS) after a warm-up of 400 frames (pushes at 100/s),
//     and after 100,000 more single-point pushes over 16 WebSocket connections. Target: growth < 5 MB. Every pushed point
//     is kept (in SQLite and in memory for the screen), so the table also shows what the points
//     themselves take: 100,000 × 2 Float64 (time, value) = 1.6 MB, at least (kept twice, raw and
//     cleaned, in arrays grown by doubling: up to 6.4 MB). IDLE_METRIC=not_on_screen pushes to a
//     metric no tile shows, which separates the push/store path from the evaluate/paint path.
// Prints a table, writes bench/out/idle.json. Run `npm run build` first (or `npm run bench idle`).
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';

const IDLE_SECONDS = Number(process.env.IDLE_SECONDS ?? 30);
/**
 * Warm-up before the first memory reading: V8's heap, the JIT and cairo/pango caches grow over
 * the first ~1,000 frames and then stay flat (measured in-process: +40 MB over 1,000 frames,
 * +1 MB over the next 1,000), so growth is measured from there, at 100 pushes per second.
 */
const WARMUP_FRAMES = Number(process.env.IDLE_WARMUP_FRAMES ?? 400);
const WARMUP_PUSHES_PER_SECOND = 100;
const PUSHES = Number(process.env.IDLE_PUSHES ?? 100_000);
const CONNECTIONS = 16;
/** Stay under the push server's per-connection limit (messagesPerSecond 200). */
const MESSAGES_PER_SECOND_PER_CONNECTION = 180;
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
const root = new URL('..', import.meta.url).pathname;

const dir = mkdtempSync(join(tmpdir(), 'kpi-bench-idle-'));
const layouts = join(dir, 'layouts');
const data = join(dir, 'data');
const state = join(dir, 'state');
for (const d of [layouts, data, state, join(dir, 'sysfs', 'fb0')]) mkdirSync(d, { recursive: true });
cpSync(join(root, 'layouts', 'marketing.yaml'), join(layouts, 'marketing.yaml'));
execFileSync(process.execPath, [join(root, 'scripts', 'gen-example-data.mjs'), '--now', 'now', '--out', join(data, 'marketing.csv')]);
const device = join(dir, 'fb0');
writeFileSync(join(dir, 'sysfs', 'fb0', 'virtual_size'), '1920,1080\n');
writeFileSync(join(dir, 'sysfs', 'fb0', 'bits_per_pixel'), '32\n');
writeFileSync(join(dir, 'sysfs', 'fb0', 'stride'), `${1920 * 4}\n`);
writeFileSync(join(dir, 'sysfs', 'fb0', 'name'), 'bench\n');
writeFileSync(device, Buffer.alloc(1920 * 4 * 1080));

// Bench-only preload: on SIGUSR2 the daemon collects garbage and prints its memory use, so RSS is
// compared after a full GC rather than whenever V8 last felt like collecting.
const preload = `data:text/javascript,process.on('SIGUSR2',()=>{globalThis.gc();globalThis.gc();process.stderr.write('MEMORY '+JSON.stringify(process.memoryUsage())+'\\n')})`;
const child = spawn(process.execPath, ['--expose-gc', '--import', preload, join(root, 'bin', 'kpi-signage.js'), 'run', '--layouts', layouts, '--data', data, '--state', state, '--output', `fb:${device}`, '--listen', '127.0.0.1:0', '--log-level', 'info'], {
  env: { ...process.env, KPI_SIGNAGE_SYSFS: join(dir, 'sysfs'), NOTIFY_SOCKET: '' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let memoryReports = [];
let errText = '';
child.stderr.on('data', (chunk) => {
  errText += chunk;
  let newline;
  while ((newline = errText.indexOf('\n')) >= 0) {
    const line = errText.slice(0, newline);
    errText = errText.slice(newline + 1);
    if (line.startsWith('MEMORY ')) memoryReports.push(JSON.parse(line.slice(7)));
    else process.stderr.write(`${line}\n`);
  }
});
async function collectedMemory() {
  const count = memoryReports.length;
  child.kill('SIGUSR2');
  while (memoryReports.length === count) await sleep(20);
  await sleep(200);
  return { rssKiB: rssKiB(), ...memoryReports[memoryReports.length - 1] };
}
let port = 0;
let buffered = '';
child.stdout.on('data', (chunk) => {
  buffered += chunk;
  const match = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(buffered);
  if (match !== null && port === 0) port = Number(match[1]);
  if (buffered.length > 100_000) buffered = buffered.slice(-1000);
});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
while (port === 0) await sleep(50);
const token = readFileSync(join(state, 'token'), 'utf8').trim();
const health = async () => (await fetch(`http://127.0.0.1:${port}/v1/health`, { headers: { Authorization: `Bearer ${token}` } })).json();
while ((await health()).frames < 1) await sleep(100);

const cpuTicks = () => {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
};
const rssKiB = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]);

// 1. Idle.
await sleep(3_000);
const idleStart = { ticks: cpuTicks(), frames: (await health()).frames, at: Date.now() };
await sleep(IDLE_SECONDS * 1000);
const idleEnd = { ticks: cpuTicks(), frames: (await health()).frames, at: Date.now() };
const idleSeconds = (idleEnd.at - idleStart.at) / 1000;
const idleCpuPercent = ((idleEnd.ticks - idleStart.ticks) / CLOCK_TICKS / idleSeconds) * 100;
const minuteTicks = Math.floor(idleEnd.at / 60_000) - Math.floor(idleStart.at / 60_000);
const idleFrames = idleEnd.frames - idleStart.frames;

// 2. Memory over pushes.
const sockets = await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/v1/ws`, { headers: { Authorization: `Bearer ${token}` } });
  await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); });
  return socket;
}));
let acked = 0;
let refused = 0;
for (const socket of sockets) socket.on('message', (raw) => (JSON.parse(String(raw)).type === 'ack' ? (acked += 1) : (refused += 1)));
let sent = 0;
const base = Date.now() - 3_600_000;
async function pushMany(count, perSecond = MESSAGES_PER_SECOND_PER_CONNECTION * CONNECTIONS) {
  const target = sent + count;
  const perTickPerSocket = Math.max(1, Math.round(perSecond / CONNECTIONS / 20));
  while (sent < target) {
    for (const socket of sockets) {
      for (let k = 0; k < perTickPerSocket && sent < target; k += 1, sent += 1) {
        // A new point every push: times 10 ms apart within the last hour, values changing.
        socket.send(JSON.stringify({ type: 'points', id: `m${sent}`, metric: process.env.IDLE_METRIC ?? 'inbound_leads', points: [[base + sent * 10, sent % 5]] }));
      }
    }
    await sleep(50);
  }
  while (acked + refused < sent) await sleep(20);
}
const pushStart = Date.now();
const warmupStart = (await health()).frames;
while ((await health()).frames - warmupStart < WARMUP_FRAMES) await pushMany(WARMUP_PUSHES_PER_SECOND * 2, WARMUP_PUSHES_PER_SECOND);
const WARMUP_PUSHES = sent;
await sleep(2_000);
const before = await collectedMemory();
const checkpoints = [];
for (let done = 0; done < PUSHES; done += PUSHES / 4) {
  await pushMany(PUSHES / 4);
  checkpoints.push({ pushes: done + PUSHES / 4, rssMiB: rssKiB() / 1024 });
}
await sleep(2_000);
const after = await collectedMemory();
const rssBefore = before.rssKiB;
const rssAfter = after.rssKiB;
const pushSeconds = (Date.now() - pushStart) / 1000;
const finalHealth = await health();
for (const socket of sockets) socket.close();
child.kill('SIGTERM');
const exitCode = await new Promise((resolve) => child.on('exit', (code) => resolve(code)));
rmSync(dir, { recursive: true, force: true });

const result = {
  metric: process.env.IDLE_METRIC ?? 'inbound_leads',
  mallocArenaMax: process.env.MALLOC_ARENA_MAX ?? null,
  idle: { seconds: idleSeconds, cpuPercent: idleCpuPercent, frames: idleFrames, minuteBoundaries: minuteTicks },
  memory: { pushes: PUSHES, warmup: WARMUP_PUSHES, acked, refused, rssBeforeMiB: rssBefore / 1024, rssAfterMiB: rssAfter / 1024, growthMiB: (rssAfter - rssBefore) / 1024, heapUsedGrowthMiB: (after.heapUsed - before.heapUsed) / 2 ** 20, heapTotalGrowthMiB: (after.heapTotal - before.heapTotal) / 2 ** 20, externalGrowthMiB: (after.external + after.arrayBuffers - before.external - before.arrayBuffers) / 2 ** 20, pointArraysMiB: (PUSHES * 16) / 2 ** 20, pushSeconds },
  checkpoints,
  framesDuringPushes: finalHealth.frames - idleEnd.frames,
  exitCode,
  target: { idleCpuPercent: 1, idleFramesBeyondMinuteTicks: 0, rssGrowthMiB: 5 },
};
// Every pushed point stays in memory for the screen (PointSet typed arrays, grown by doubling):
// the growth that is not those arrays is what would show a leak.
result.memory.growthBesidesPointsMiB = result.memory.growthMiB - result.memory.externalGrowthMiB;
result.pass = idleCpuPercent < 1 && idleFrames <= minuteTicks && result.memory.growthMiB < 5 && refused === 0;
const f = (x, d = 2) => x.toFixed(d).padStart(9);
console.log(`idle over ${idleSeconds.toFixed(1)} s:   CPU ${f(idleCpuPercent)} %   frames drawn ${idleFrames} (minute ticks crossed: ${minuteTicks})`);
console.log(`memory: RSS ${f(result.memory.rssBeforeMiB, 1)} MiB after ${WARMUP_PUSHES} pushes → ${f(result.memory.rssAfterMiB, 1)} MiB after ${PUSHES} more = ${f(result.memory.growthMiB, 1)} MiB growth (the points themselves: ≥ ${result.memory.pointArraysMiB.toFixed(1)} MiB)`);
console.log(`        after GC: V8 heap used ${f(result.memory.heapUsedGrowthMiB, 1)} MiB growth (heap reserved ${f(result.memory.heapTotalGrowthMiB, 1)} MiB), external + array buffers ${f(result.memory.externalGrowthMiB, 1)} MiB growth`);
console.log(`        RSS during the ${PUSHES} pushes: ${checkpoints.map((c) => `${c.pushes}: ${c.rssMiB.toFixed(1)}`).join(', ')} MiB`);
console.log(`        RSS growth besides the point arrays: ${f(result.memory.growthBesidesPointsMiB, 1)} MiB (pushes to ${result.metric})`);
console.log(`pushes: ${acked} acked, ${refused} refused, ${(acked / pushSeconds).toFixed(0)} per second; ${result.framesDuringPushes} frames drawn meanwhile (cap 10/s); SIGTERM exit ${exitCode}`);
console.log(`targets (idle CPU < 1 %, no idle redraw, RSS growth < 5 MB): ${result.pass ? 'met' : 'NOT met'}`);
mkdirSync(new URL('out/', import.meta.url), { recursive: true });
writeFileSync(new URL('out/idle.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
