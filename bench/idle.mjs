// Idle cost and memory of the real daemon (`kpi-signage run`, a child process) on the example
// layout and data, drawing into a framebuffer file (KPI_SIGNAGE_SYSFS):
//  1. idle: CPU time of the process over IDLE_SECONDS (default 30) from /proc/<pid>/stat, and the
//     frames drawn meanwhile (only the once-a-minute clock tick may draw). Target: no redraw
//     beyond the minute ticks, < 1 % CPU.
//  2. memory: RSS after a warm-up that reaches a steady state — IDLE_WARMUP_FRAMES frames (default
//     1,000: cairo/pango caches and glibc arenas fill over the first ~1,000 frames) with pushes
//     at 100/s, then IDLE_WARMUP_BURST (default 50,000: RSS still steps up over the first
//     ~25,000-50,000 fast pushes) pushes at the measured rate (V8 sizes its
//     young generation to the allocation rate, so a warm-up at a slower rate leaves that growth
//     inside the measurement) — and after IDLE_PUSHES (default 100,000) more single-point pushes
//     over 16 WebSocket connections. Readings are taken after two full GCs in the daemon (a
//     bench-only preload) and split by /proc/<pid>/smaps_rollup (anonymous vs file/shared) and
//     process.memoryUsage(). Target: growth < 5 MB. Every pushed point is kept (in SQLite and in
//     memory for the screen): 100,000 × 2 Float64 (time, value) = 1.6 MB at least, kept raw and
//     cleaned. IDLE_METRIC=not_on_screen pushes to a metric no tile shows, which separates the
//     push/store path from the evaluate/paint path. IDLE_RUNS (default 3) runs, each a fresh daemon;
//     IDLE_NODE_FLAGS adds node flags to the daemon (experiments). MALLOC_* in the environment reach
//     the daemon as they are (bin/kpi-signage.js adds its own only when both are unset and Node has
//     process.execve, i.e. not on Node 20: set MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=32768 to
//     measure what the systemd unit runs). The pushed times start an hour back, so a push older
//     than the data file's last (hourly) point re-merges the metric's series on the next frame —
//     all pushes do when the phase starts in the first half of an hour: the worst case for the
//     screen's memory churn (live pushes, newer than everything, append in place).
// Prints a table, writes bench/out/idle.json. Run `npm run build` first (or `npm run bench idle`).
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';

const IDLE_SECONDS = Number(process.env.IDLE_SECONDS ?? 30);
/**
 * Warm-up before the first memory reading: V8's heap, the JIT and cairo/pango caches grow over
 * the first ~1,000 frames and then stay flat (measured in-process: +40 MB over 1,000 frames,
 * +1 MB over the next 1,000), at 100 pushes per second; then a burst at the measured rate.
 */
const WARMUP_FRAMES = Number(process.env.IDLE_WARMUP_FRAMES ?? 1_000);
const WARMUP_PUSHES_PER_SECOND = 100;
const WARMUP_BURST = Number(process.env.IDLE_WARMUP_BURST ?? 50_000);
const PUSHES = Number(process.env.IDLE_PUSHES ?? 100_000);
const RUNS = Number(process.env.IDLE_RUNS ?? 3);
const NODE_FLAGS = (process.env.IDLE_NODE_FLAGS ?? '').split(' ').filter((flag) => flag !== '');
const METRIC = process.env.IDLE_METRIC ?? 'inbound_leads';
/** The frame warm-up pushes to a metric on screen (pushes to one that is not draw no frame). */
const WARMUP_METRIC = 'inbound_leads';
const CONNECTIONS = 16;
/** Stay under the push server's per-connection limit (messagesPerSecond 200). */
const MESSAGES_PER_SECOND_PER_CONNECTION = 180;
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
const root = new URL('..', import.meta.url).pathname;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const MiB = 2 ** 20;

/** One fresh daemon: idle phase (when `idleSeconds` > 0), warm-up, 100,000 pushes. */
async function runOnce(idleSeconds) {
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
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, ['--expose-gc', ...NODE_FLAGS, '--import', preload, join(root, 'bin', 'kpi-signage.js'), 'run', '--layouts', layouts, '--data', data, '--state', state, '--output', `fb:${device}`, '--listen', '127.0.0.1:0', '--log-level', 'info'], {
    env: { ...process.env, KPI_SIGNAGE_SYSFS: join(dir, 'sysfs'), NOTIFY_SOCKET: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const memoryReports = [];
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
  // bin/kpi-signage.js may re-exec itself with glibc's malloc settings, in place (same PID).
  const pid = child.pid;
  const smaps = () => {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kib = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
    return { rssKiB: kib('Rss'), anonymousKiB: kib('Anonymous'), fileKiB: kib('Rss') - kib('Anonymous') };
  };
  async function collectedMemory() {
    const count = memoryReports.length;
    process.kill(pid, 'SIGUSR2');
    while (memoryReports.length === count) await sleep(20);
    await sleep(200);
    return { ...smaps(), ...memoryReports[memoryReports.length - 1] };
  }
  let port = 0;
  let buffered = '';
  child.stdout.on('data', (chunk) => {
    buffered += chunk;
    const match = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(buffered);
    if (match !== null && port === 0) port = Number(match[1]);
    if (buffered.length > 100_000) buffered = buffered.slice(-1000);
  });
  while (port === 0) await sleep(20);
  const listeningMs = performance.now() - spawnedAt;
  const token = readFileSync(join(state, 'token'), 'utf8').trim();
  const health = async () => (await fetch(`http://127.0.0.1:${port}/v1/health`, { headers: { Authorization: `Bearer ${token}` } })).json();
  while ((await health()).frames < 1) await sleep(100);

  const cpuTicks = () => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  };
  const rssMiB = () => smaps().rssKiB / 1024;

  // 1. Idle.
  let idle = null;
  if (idleSeconds > 0) {
    await sleep(3_000);
    const idleStart = { ticks: cpuTicks(), frames: (await health()).frames, at: Date.now() };
    await sleep(idleSeconds * 1000);
    const idleEnd = { ticks: cpuTicks(), frames: (await health()).frames, at: Date.now() };
    const seconds = (idleEnd.at - idleStart.at) / 1000;
    idle = {
      seconds,
      cpuPercent: ((idleEnd.ticks - idleStart.ticks) / CLOCK_TICKS / seconds) * 100,
      frames: idleEnd.frames - idleStart.frames,
      minuteBoundaries: Math.floor(idleEnd.at / 60_000) - Math.floor(idleStart.at / 60_000),
    };
  }

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
  async function pushMany(count, perSecond = MESSAGES_PER_SECOND_PER_CONNECTION * CONNECTIONS, metric = METRIC) {
    const target = sent + count;
    const perTickPerSocket = Math.max(1, Math.round(perSecond / CONNECTIONS / 20));
    while (sent < target) {
      for (const socket of sockets) {
        for (let k = 0; k < perTickPerSocket && sent < target; k += 1, sent += 1) {
          // A new point every push: times 10 ms apart within the last hour, values changing.
          socket.send(JSON.stringify({ type: 'points', id: `m${sent}`, metric, points: [[base + sent * 10, sent % 5]] }));
        }
      }
      await sleep(50);
    }
    while (acked + refused < sent) await sleep(20);
  }
  const warmupStart = (await health()).frames;
  while ((await health()).frames - warmupStart < WARMUP_FRAMES) await pushMany(WARMUP_PUSHES_PER_SECOND * 2, WARMUP_PUSHES_PER_SECOND, WARMUP_METRIC);
  const warmupSlow = sent;
  const afterSlow = await collectedMemory();
  await pushMany(WARMUP_BURST);
  const warmupPushes = sent;
  // Every reading is taken the same way: straight after a batch of pushes is acknowledged, two GCs.
  const before = await collectedMemory();
  const framesBefore = (await health()).frames;
  const pushStart = Date.now();
  const checkpoints = [];
  for (let done = 0; done < PUSHES; done += PUSHES / 4) {
    await pushMany(PUSHES / 4);
    const reading = await collectedMemory();
    checkpoints.push({ pushes: done + PUSHES / 4, rssMiB: rssMiB(), rssAfterGcMiB: reading.rssKiB / 1024, heapUsedMiB: reading.heapUsed / MiB, externalMiB: reading.external / MiB });
  }
  const pushSeconds = (Date.now() - pushStart) / 1000;
  const after = await collectedMemory();
  const finalHealth = await health();
  const walBytes = (() => { try { return statSync(join(state, 'points.sqlite-wal')).size; } catch { return 0; } })();
  const dbBytes = statSync(join(state, 'points.sqlite')).size;
  for (const socket of sockets) socket.close();
  process.kill(pid, 'SIGTERM');
  const exitCode = await new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  rmSync(dir, { recursive: true, force: true });

  const growth = (key) => (after[key] - before[key]) / (key.endsWith('KiB') ? 1024 : MiB);
  const memory = {
    warmupSlowPushes: warmupSlow, warmupPushes, pushes: PUSHES, acked, refused, pushSeconds,
    rssAfterSlowWarmupMiB: afterSlow.rssKiB / 1024,
    rssBeforeMiB: before.rssKiB / 1024, rssAfterMiB: after.rssKiB / 1024, growthMiB: growth('rssKiB'),
    burstWarmupGrowthMiB: (before.rssKiB - afterSlow.rssKiB) / 1024,
    anonymousGrowthMiB: growth('anonymousKiB'), fileGrowthMiB: growth('fileKiB'),
    heapUsedGrowthMiB: growth('heapUsed'), heapTotalGrowthMiB: growth('heapTotal'),
    externalGrowthMiB: growth('external'), arrayBuffersGrowthMiB: growth('arrayBuffers'),
    before: { heapTotalMiB: before.heapTotal / MiB, heapUsedMiB: before.heapUsed / MiB, externalMiB: before.external / MiB, arrayBuffersMiB: before.arrayBuffers / MiB },
    after: { heapTotalMiB: after.heapTotal / MiB, heapUsedMiB: after.heapUsed / MiB, externalMiB: after.external / MiB, arrayBuffersMiB: after.arrayBuffers / MiB },
    pointArraysMiB: (PUSHES * 16) / MiB, dbMiB: dbBytes / MiB, walMiB: walBytes / MiB,
  };
  // external counts array buffers too: V8 heap + external is what JavaScript holds; the rest is
  // native (cairo, pango, SQLite's page cache, glibc's free lists).
  memory.nativeGrowthMiB = memory.growthMiB - memory.heapTotalGrowthMiB - memory.externalGrowthMiB;
  return { idle, listeningMs, memory, checkpoints, framesDuringPushes: finalHealth.frames - framesBefore, exitCode };
}

const runs = [];
for (let run = 0; run < RUNS; run += 1) runs.push(await runOnce(run === 0 ? IDLE_SECONDS : 0));
const f = (x, d = 1) => x.toFixed(d).padStart(7);
const idle = runs[0].idle;
if (idle !== null) console.log(`idle over ${idle.seconds.toFixed(1)} s: CPU ${f(idle.cpuPercent, 2)} %, frames drawn ${idle.frames} (minute ticks crossed: ${idle.minuteBoundaries})`);
console.log(`memory over ${PUSHES} pushes to ${METRIC} after ${WARMUP_FRAMES} warm-up frames + ${WARMUP_BURST} pushes at full rate (MiB, after GC; MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX ?? '-'} MALLOC_MMAP_THRESHOLD_=${process.env.MALLOC_MMAP_THRESHOLD_ ?? '-'} flags: ${NODE_FLAGS.join(' ') || '-'})`);
console.log('run  start→listen ms  RSS slow-warm  burst+  before   after  growth   anon   file  heapTot heapUsed  extern  native  frames  push/s  db  wal');
runs.forEach((r, i) => {
  const m = r.memory;
  console.log(`${String(i + 1).padStart(3)} ${f(r.listeningMs, 0).padStart(14)} ${f(m.rssAfterSlowWarmupMiB).padStart(13)} ${f(m.burstWarmupGrowthMiB)} ${f(m.rssBeforeMiB)} ${f(m.rssAfterMiB)} ${f(m.growthMiB)} ${f(m.anonymousGrowthMiB)} ${f(m.fileGrowthMiB)} ${f(m.heapTotalGrowthMiB)} ${f(m.heapUsedGrowthMiB)} ${f(m.externalGrowthMiB)} ${f(m.nativeGrowthMiB)} ${String(r.framesDuringPushes).padStart(7)} ${f(m.pushes / m.pushSeconds, 0)} ${m.dbMiB.toFixed(1)} ${m.walMiB.toFixed(1)}`);
});
const growths = runs.map((r) => r.memory.growthMiB);
const refused = runs.reduce((sum, r) => sum + r.memory.refused, 0);
const pass = (idle === null || (idle.cpuPercent < 1 && idle.frames <= idle.minuteBoundaries)) && Math.max(...growths) < 5 && refused === 0;
runs.forEach((r, i) => console.log(`run ${i + 1} after GC per ${PUSHES / 4} pushes (RSS / heap used / external MiB): ${r.checkpoints.map((c) => `${c.rssAfterGcMiB.toFixed(1)} / ${c.heapUsedMiB.toFixed(1)} / ${c.externalMiB.toFixed(1)}`).join(', ')}`));
console.log(`RSS growth per run: ${growths.map((g) => g.toFixed(1)).join(', ')} MiB; refused ${refused}; the points themselves ≥ ${((PUSHES * 16) / MiB).toFixed(1)} MiB`);
console.log(`targets (idle CPU < 1 %, no idle redraw, RSS growth < 5 MB every run): ${pass ? 'met' : 'NOT met'}`);
const result = {
  metric: METRIC, pushes: PUSHES, warmupFrames: WARMUP_FRAMES, warmupBurst: WARMUP_BURST, nodeFlags: NODE_FLAGS,
  mallocArenaMax: process.env.MALLOC_ARENA_MAX ?? null, mallocMmapThreshold: process.env.MALLOC_MMAP_THRESHOLD_ ?? null,
  loadAverage: readFileSync('/proc/loadavg', 'utf8').trim(), runs, pass,
  target: { idleCpuPercent: 1, idleFramesBeyondMinuteTicks: 0, rssGrowthMiB: 5 },
};
mkdirSync(new URL('out/', import.meta.url), { recursive: true });
writeFileSync(new URL(`out/${process.env.IDLE_OUT ?? 'idle'}.json`, import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
