// Benchmark of the painter and the framebuffer sink: a 12-tile 1920x1080 page drawn and converted
// whole (RGB565 and XRGB8888), one changed tile from view to framebuffer bytes, and the resident
// memory of a separate process that shows a 1080p page. The device is a regular file laid out like
// a Pi's fb0 (KPI_SIGNAGE_SYSFS). Prints a table, writes bench/out/render.json.
// Run `npm run build` first (or `npm run bench render`).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Painter } from '../dist/render/painter.js';
import { openSink } from '../dist/output/sink.js';

const WIDTH = 1920;
const HEIGHT = 1080;
const RUNS = 61;
const WARMUP = 5;
const FRAMES = Number(process.env.RSS_FRAMES ?? 120);
const NOW = Date.parse('2026-12-18T14:20:00Z');
const TARGETS = { fullFrameMs: 30, oneTileMs: 8, oneTileShareOfFull: 0.25, rssMb: 90 };

const period = { start: '2026-11-30T23:00:00.000Z', end: '2026-12-31T23:00:00.000Z', elapsed: 0.565 };
const statuses = ['on_track', 'at_risk', 'off_track', 'early', 'on_track', 'unknown'];

/** A KPI view with numbers that vary with `seed` (so a changed tile really changes). */
function kpiView(index, seed) {
  const status = statuses[index % statuses.length];
  const value = 500 + ((index * 37 + seed * 11) % 700);
  const spark = Array.from({ length: 14 }, (_, i) => 30 + ((i * 7 + index * 3 + seed) % 19));
  const min = Math.min(...spark);
  const max = Math.max(...spark);
  return {
    value, n: 20, target: 1200, gap: value - 1200, gapPct: value / 1200 - 1, attainment: value / 1200, period,
    previous: { value: 640, delta: value - 640, pct: (value - 640) / 640, favorable: value > 640 },
    pace: { expected: 678, projected: value / 0.565, attainment: value / 0.565 / 1200 },
    status, stale: false,
    trend: { direction: index % 2 === 0 ? 'up' : 'flat', slopePerDay: 1.5, lsSlopePerDay: 1.4, p: 0.01, confidence: 'high', improving: true },
    spark: { values: spark, norm: spark.map((v) => (v - min) / (max - min)) },
    drivers: status === 'at_risk' || status === 'off_track' ? [{ metric: 'm1', value: 0.02, z: -2.1 }] : [],
  };
}

/** A 4×3 layout of twelve 1×1 KPI tiles and its page at `seed`. */
function twelveTiles() {
  const metrics = {};
  const kpis = {};
  const tiles = [];
  for (let i = 0; i < 12; i++) {
    metrics[`m${i}`] = { id: `m${i}`, label: `Metric number ${i}`, better: 'higher', aggregate: 'sum', format: i % 3 === 0 ? { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 } : {} };
    kpis[`k${i}`] = {
      id: `k${i}`, label: `KPI number ${i}`, metric: `m${i}`, better: 'higher', aggregate: 'sum', period: 'month', target: 1200,
      thresholds: [{ status: 'off_track', from: -Infinity }, { status: 'at_risk', from: 0.9 }, { status: 'on_track', from: 1 }],
      staleAfterMs: 7_200_000, trend: { bucket: 'day', window: 14, fill: 'gap' }, drivers: [{ metric: 'm1', better: 'higher', aggregate: 'sum' }],
      baseline: 8, calendar: { timeZone: 'Europe/Berlin', weekStart: 1, fiscalYearStart: 1 }, minElapsed: 0.1,
    };
    tiles.push({ kind: 'kpi', ref: `k${i}`, at: [i % 4, Math.floor(i / 4)], span: [1, 1], view: 'full' });
  }
  const layout = {
    name: 'bench', source: 'bench/render.mjs', title: 'Benchmark · December',
    screen: { width: WIDTH, height: HEIGHT, timezone: 'Europe/Berlin', locale: 'en-US', rotate: 0, durationMs: 30_000, theme: 'dark' },
    grid: { columns: 4, rows: 3, gap: 16 }, metrics, kpis, tiles,
  };
  const pageAt = (seed, changedIndex = -1) => ({
    now: NOW, kpis: {}, metrics: {}, warnings: [],
    tiles: tiles.map((tile, i) => ({ kind: 'kpi', tile, view: kpiView(i, i === changedIndex ? seed : 0), lastPointAt: NOW - 60_000 })),
  });
  return { layout, pageAt };
}

/** A fake fb0 (sysfs attributes + a regular file as the device) at a depth. */
function fakeFramebuffer(dir, depth) {
  const sys = join(dir, `sys${depth}`);
  mkdirSync(join(sys, 'fb0'), { recursive: true });
  const stride = (WIDTH * depth) / 8;
  writeFileSync(join(sys, 'fb0', 'virtual_size'), `${WIDTH},${HEIGHT}\n`);
  writeFileSync(join(sys, 'fb0', 'bits_per_pixel'), `${depth}\n`);
  writeFileSync(join(sys, 'fb0', 'stride'), `${stride}\n`);
  writeFileSync(join(sys, 'fb0', 'name'), 'vc4drmfb\n');
  const device = join(dir, `fb0-${depth}`);
  writeFileSync(device, Buffer.alloc(stride * HEIGHT));
  return { sys, device: join(dir, 'dev', 'fb0'), file: device };
}

function median(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed(runs, body) {
  const samples = [];
  for (let i = 0; i < runs + WARMUP; i++) {
    const start = process.hrtime.bigint();
    await body(i);
    if (i >= WARMUP) samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { median: median(samples), p90: [...samples].sort((a, b) => a - b)[Math.floor(samples.length * 0.9)] };
}

/** The child process: show a 1080p page on a fake framebuffer for a while, then report RSS. */
async function rssChild(dir) {
  const fb = fakeFramebuffer(dir, 32);
  mkdirSync(join(dir, 'dev'), { recursive: true });
  rmSync(fb.device, { force: true });
  (await import('node:fs')).symlinkSync(fb.file, fb.device);
  const { layout, pageAt } = twelveTiles();
  const stages = {};
  let awaitedFs;
  const require = (await import('node:module')).createRequire(import.meta.url);
  const settle = async () => {
    // V8 frees ArrayBuffer memory on a background sweeper: collect, wait, collect again
    globalThis.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 300));
    globalThis.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 100));
  };
  const note = async (name) => {
    await settle();
    const status = (awaitedFs ??= require('node:fs')).readFileSync('/proc/self/status', 'utf8');
    const field = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
    const usage = process.memoryUsage();
    stages[name] = { rss: Math.round((usage.rss / 2 ** 20) * 10) / 10, anon: Math.round(field('RssAnon')), file: Math.round(field('RssFile')), heap: Math.round(usage.heapTotal / 2 ** 20), external: Math.round(usage.external / 2 ** 20) };
  };
  await note('imported');
  const painter = new Painter({ width: WIDTH, height: HEIGHT, theme: 'dark', locale: 'en-US', timeZone: 'Europe/Berlin' });
  const sink = await openSink(`fb:${fb.device}`, { rotate: 0, env: { KPI_SIGNAGE_SYSFS: fb.sys } });
  await note('painter and sink');
  await sink.write(painter.canvas, painter.paint(layout, pageAt(0), { lastUpdate: NOW, notice: null }));
  await note('first frame');
  for (let frame = 0; frame < FRAMES; frame++) {
    const dirty = painter.paint(layout, pageAt(frame, frame % 12), { lastUpdate: NOW, notice: null });
    await sink.write(painter.canvas, dirty);
  }
  await note(`after ${FRAMES} frames`);
  process.stdout.write(JSON.stringify({ rssMb: process.memoryUsage().rss / 2 ** 20, stages }));
  await sink.close();
}

async function main() {
  if (process.argv[2] === '--rss-child') return rssChild(process.argv[3]);
  const dir = mkdtempSync(join(tmpdir(), 'kpi-bench-render-'));
  mkdirSync(join(dir, 'dev'), { recursive: true });
  const { layout, pageAt } = twelveTiles();
  const results = {};
  for (const depth of [16, 32]) {
    const fb = fakeFramebuffer(dir, depth);
    rmSync(fb.device, { force: true });
    (await import('node:fs')).symlinkSync(fb.file, fb.device);
    const painter = new Painter({ width: WIDTH, height: HEIGHT, theme: 'dark', locale: 'en-US', timeZone: 'Europe/Berlin' });
    const sink = await openSink(`fb:${fb.device}`, { rotate: 0, env: { KPI_SIGNAGE_SYSFS: fb.sys } });
    const full = await timed(RUNS, async () => {
      painter.invalidate();
      const dirty = painter.paint(layout, pageAt(0), { lastUpdate: NOW, notice: null });
      await sink.write(painter.canvas, dirty);
    });
    const oneTile = await timed(RUNS, async (i) => {
      const dirty = painter.paint(layout, pageAt(i + 1, 5), { lastUpdate: NOW, notice: null });
      if (dirty.length !== 1) throw new Error(`expected one dirty tile, got ${dirty.length}`);
      await sink.write(painter.canvas, dirty);
    });
    await sink.close();
    results[`rgb${depth === 16 ? '565' : 'x8888'}`] = { fullFrameMs: full, oneTileMs: oneTile, oneTileShareOfFull: oneTile.median / full.median };
  }
  // Rotation costs an index mapping per pixel: a portrait panel (rotate 90) at RGB565, full frame.
  {
    const fb = fakeFramebuffer(dir, 16);
    rmSync(fb.device, { force: true });
    (await import('node:fs')).symlinkSync(fb.file, fb.device);
    const portrait = { ...layout, screen: { ...layout.screen, width: HEIGHT, height: WIDTH, rotate: 90 }, grid: { columns: 3, rows: 4, gap: 16 } };
    const tiles = portrait.tiles.map((tile, i) => ({ ...tile, at: [i % 3, Math.floor(i / 3)] }));
    const rotatedLayout = { ...portrait, tiles };
    const painter = new Painter({ width: HEIGHT, height: WIDTH, theme: 'dark', locale: 'en-US', timeZone: 'Europe/Berlin' });
    const sink = await openSink(`fb:${fb.device}`, { rotate: 90, env: { KPI_SIGNAGE_SYSFS: fb.sys } });
    const page = pageAt(0);
    const rotatedPage = { ...page, tiles: page.tiles.map((tile, i) => ({ ...tile, tile: tiles[i] })) };
    const full = await timed(RUNS, async () => {
      painter.invalidate();
      await sink.write(painter.canvas, painter.paint(rotatedLayout, rotatedPage, { lastUpdate: NOW, notice: null }));
    });
    await sink.close();
    results.rgb565Rotate90 = { fullFrameMs: full };
  }

  // Resident memory in a fresh process, with glibc's defaults and with MALLOC_MMAP_THRESHOLD_=32768
  // (what deploy/systemd/kpi-signage.service should set): the sink copies pixels out of the canvas
  // in 64 KiB chunks that V8 frees only at its next GC; glibc's dynamic threshold keeps such freed
  // heap chunks resident, a fixed one below the chunk size returns them to the kernel.
  // TRY_ENV=NAME=VALUE tries another setting.
  const memory = {};
  for (const [name, extra] of [['glibc defaults', {}], [process.env.TRY_ENV ?? 'MALLOC_MMAP_THRESHOLD_=32768', Object.fromEntries([(process.env.TRY_ENV ?? 'MALLOC_MMAP_THRESHOLD_=32768').split('=')])]]) {
    const child = spawnSync(process.execPath, ['--expose-gc', new URL(import.meta.url).pathname, '--rss-child', dir], { encoding: 'utf8', env: { ...process.env, ...extra } });
    if (child.status !== 0) throw new Error(`rss child failed: ${child.stderr}`);
    memory[name] = JSON.parse(child.stdout);
  }
  const rssMb = Object.values(memory).at(-1).rssMb;
  rmSync(dir, { recursive: true, force: true });

  console.log('| measure (1920x1080, 12 tiles) | RGB565 median | XRGB8888 median | target |');
  console.log('|---|---|---|---|');
  const a = results.rgb565;
  const b = results.rgbx8888;
  console.log(`| full frame drawn + converted | ${a.fullFrameMs.median.toFixed(1)} ms | ${b.fullFrameMs.median.toFixed(1)} ms | < ${TARGETS.fullFrameMs} ms |`);
  console.log(`| one changed tile → fb bytes | ${a.oneTileMs.median.toFixed(2)} ms | ${b.oneTileMs.median.toFixed(2)} ms | < ${TARGETS.oneTileMs} ms |`);
  console.log(`| full frame, portrait (rotate 90) | ${results.rgb565Rotate90.fullFrameMs.median.toFixed(1)} ms | | |`);
  console.log(`| one tile / full frame | ${(a.oneTileShareOfFull * 100).toFixed(0)} % | ${(b.oneTileShareOfFull * 100).toFixed(0)} % | < ${TARGETS.oneTileShareOfFull * 100} % |`);
  for (const [name, { rssMb: mb }] of Object.entries(memory)) console.log(`| resident memory, 1080p page shown (${name}) | | ${mb.toFixed(1)} MB | < ${TARGETS.rssMb} MB |`);
  for (const [name, { stages }] of Object.entries(memory)) console.log(`resident MB by stage, ${name}: ${Object.entries(stages).map(([stage, mb]) => `${stage} ${mb.rss} (anon ${mb.anon}, file ${mb.file})`).join('; ')}`);
  const pass =
    Math.max(a.fullFrameMs.median, b.fullFrameMs.median) < TARGETS.fullFrameMs &&
    Math.max(a.oneTileMs.median, b.oneTileMs.median) < TARGETS.oneTileMs &&
    Math.max(a.oneTileShareOfFull, b.oneTileShareOfFull) < TARGETS.oneTileShareOfFull &&
    rssMb < TARGETS.rssMb;
  mkdirSync(new URL('out/', import.meta.url), { recursive: true });
  writeFileSync(new URL('out/render.json', import.meta.url), `${JSON.stringify({ width: WIDTH, height: HEIGHT, tiles: 12, runs: RUNS, results, rssMb, memory, targets: TARGETS, pass }, null, 2)}\n`);
  if (!pass) console.log('one or more targets missed');
}

await main();
