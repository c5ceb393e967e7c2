// Push-to-pixel latency: from a WebSocket `points` message (one point) to the framebuffer bytes
// written, on a 12-tile 1920x1080 page over the example's 280 days of hourly data. The daemon
// runs in this process with its real parts (push server, SQLite store with fsync, painter,
// fb sink on a regular file described by KPI_SIGNAGE_SYSFS); the daemon's stages are timed by
// wrapping its evaluatePage, painter and sink, per scenario: push → ack (the points are drawn only
// once durable: the ack waits for SQLite's fsync), → frame start, evaluation, paint, fb write.
// Pushes are 150 ms apart so the frame-rate cap (10 frames/s) never delays one.
// Target: median < 10 ms, p99 < 30 ms. Prints a table, writes bench/out/latency.json.
// Run `npm run build` first (or `npm run bench latency`).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import WebSocket from 'ws';
import { Daemon } from '../dist/daemon/daemon.js';
import { Notifier } from '../dist/daemon/sd-notify.js';
import { realDeps } from '../dist/daemon/wiring.js';
import { twelveTileLayout } from '../test/fixtures/twelve-tiles.mjs';

const SAMPLES = Number(process.env.LATENCY_SAMPLES ?? 200);
const WARMUP = 10;
const SPACING_MS = 150;
const WIDTH = 1920;
const HEIGHT = 1080;

const dir = mkdtempSync(join(tmpdir(), 'kpi-bench-latency-'));
const layouts = join(dir, 'layouts');
const data = join(dir, 'data');
const state = join(dir, 'state');
for (const d of [layouts, data, state, join(dir, 'sysfs', 'fb0')]) mkdirSync(d, { recursive: true });

// The 12-tile page: the example's metrics as KPIs of several periods and metric tiles.
writeFileSync(join(layouts, 'twelve.yaml'), twelveTileLayout({ width: WIDTH, height: HEIGHT, gap: 16 }));
execFileSync(process.execPath, [new URL('../scripts/gen-example-data.mjs', import.meta.url).pathname, '--now', 'now', '--out', join(data, 'marketing.csv')]);

// A 32 bpp 1920x1080 framebuffer as a regular file, described like /sys/class/graphics/fb0.
const device = join(dir, 'fb0');
const stride = WIDTH * 4;
writeFileSync(join(dir, 'sysfs', 'fb0', 'virtual_size'), `${WIDTH},${HEIGHT}\n`);
writeFileSync(join(dir, 'sysfs', 'fb0', 'bits_per_pixel'), '32\n');
writeFileSync(join(dir, 'sysfs', 'fb0', 'stride'), `${stride}\n`);
writeFileSync(join(dir, 'sysfs', 'fb0', 'name'), 'bench\n');
writeFileSync(device, Buffer.alloc(stride * HEIGHT));
process.env.KPI_SIGNAGE_SYSFS = join(dir, 'sysfs');

const logger = pino({ level: 'silent' });
const deps = realDeps(logger);
const writes = [];
// The stages of the frame being drawn: when it started (evaluation), and each stage's duration.
let frame = null;
const evaluatePage = deps.evaluatePage;
deps.evaluatePage = (...args) => {
  const start = performance.now();
  const result = evaluatePage(...args);
  frame = { startedAt: start, evaluate: performance.now() - start, paint: null, write: null };
  return result;
};
const createPainter = deps.createPainter;
deps.createPainter = (options) => {
  const painter = createPainter(options);
  return {
    get canvas() { return painter.canvas; },
    paint: (...args) => {
      const start = performance.now();
      const rects = painter.paint(...args);
      if (frame !== null) frame.paint = performance.now() - start;
      return rects;
    },
  };
};
const openSink = deps.openSink;
deps.openSink = async (spec, options) => {
  const sink = await openSink(spec, options);
  return {
    ...sink,
    write: async (canvas, dirty) => {
      const start = performance.now();
      await sink.write(canvas, dirty);
      const at = performance.now();
      writes.push({ at, rects: dirty === 'all' ? 'all' : dirty.length, frame: frame === null ? null : { ...frame, write: at - start } });
    },
  };
};
const config = {
  layoutsDir: layouts, dataDir: data, stateDir: state, output: `fb:${device}`,
  listen: { host: '127.0.0.1', port: 0 }, tokenFile: join(state, 'token'), connect: null,
  maxFramesPerSecond: 10, settleMs: 200, retentionDays: 840, timeZone: null, logLevel: 'silent',
};
const daemon = new Daemon(config, deps, new Notifier({ socket: undefined }), logger, null);
await daemon.start();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
while (writes.length === 0) await sleep(20);
const before = readFileSync(device);

const token = readFileSync(join(state, 'token'), 'utf8').trim();
const socket = new WebSocket(`ws://127.0.0.1:${daemon.port}/v1/ws`, { headers: { Authorization: `Bearer ${token}` } });
await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); });
const ackAt = new Map();
socket.on('message', (raw) => {
  const reply = JSON.parse(String(raw));
  if (reply.type !== 'ack') throw new Error(`push refused: ${raw}`);
  ackAt.set(reply.id, performance.now());
});

// Two kinds of push: a point of a metric on one tile (open_tickets), and one of the metric
// behind seven tiles (inbound_leads: four KPIs, a sparkline, drivers).
const scenario = (metric) => ({ metric, toPixels: [], toAck: [], toFrame: [], rects: [], stages: { evaluate: [], paint: [], write: [] } });
const scenarios = { oneTile: scenario('open_tickets'), sevenTiles: scenario('inbound_leads') };
let sequence = 0;
for (const scenario of Object.values(scenarios)) {
  for (let i = 0; i < WARMUP + SAMPLES; i += 1) {
    await sleep(SPACING_MS);
    const id = `l${sequence++}`;
    const seen = writes.length;
    const sentAt = performance.now();
    socket.send(JSON.stringify({ type: 'points', id, metric: scenario.metric, points: [[Date.now(), 1 + (i % 7)]] }));
    while (writes.length === seen || !ackAt.has(id)) await sleep(0.5);
    if (i < WARMUP) continue;
    scenario.toPixels.push(writes[seen].at - sentAt);
    scenario.toAck.push(ackAt.get(id) - sentAt);
    scenario.rects.push(writes[seen].rects);
    const drawn = writes[seen].frame;
    if (drawn !== null) {
      scenario.toFrame.push(drawn.startedAt - sentAt);
      for (const name of ['evaluate', 'paint', 'write']) scenario.stages[name].push(drawn[name]);
    }
  }
}
const changed = !readFileSync(device).equals(before);
socket.close();
await daemon.stop();
rmSync(dir, { recursive: true, force: true });

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const summary = (values) => ({ median: quantile(values, 0.5), p90: quantile(values, 0.9), p99: quantile(values, 0.99), max: Math.max(...values) });
const result = {
  samples: SAMPLES,
  page: `12 tiles, ${WIDTH}x${HEIGHT}, fb 32 bpp regular file`,
  load: loadavg().map((x) => Number(x.toFixed(2))),
  scenarios: Object.fromEntries(
    Object.entries(scenarios).map(([name, s]) => [
      name,
      {
        metric: s.metric,
        rectsWrittenMedian: quantile(s.rects.map(Number), 0.5),
        pushToAckMs: summary(s.toAck),
        pushToFrameStartMs: summary(s.toFrame),
        pushToPixelsMs: summary(s.toPixels),
        frameStagesMs: Object.fromEntries(Object.entries(s.stages).map(([stage, values]) => [stage, summary(values)])),
      },
    ]),
  ),
  framebufferChanged: changed,
  target: { medianMs: 10, p99Ms: 30, scenario: 'oneTile' },
};
const one = result.scenarios.oneTile.pushToPixelsMs;
result.pass = changed && one.median < 10 && one.p99 < 30;
const f = (x) => x.toFixed(2).padStart(8);
console.log(`push-to-pixel latency, ${SAMPLES} single-point pushes per row, ${result.page}`);
console.log('                                  median      p90      p99      max  (ms)');
for (const [name, r] of Object.entries(result.scenarios)) {
  console.log(`${name.padEnd(10)} push → ack (fsync)  ${f(r.pushToAckMs.median)} ${f(r.pushToAckMs.p90)} ${f(r.pushToAckMs.p99)} ${f(r.pushToAckMs.max)}`);
  console.log(`${name.padEnd(10)} push → frame start  ${f(r.pushToFrameStartMs.median)} ${f(r.pushToFrameStartMs.p90)} ${f(r.pushToFrameStartMs.p99)} ${f(r.pushToFrameStartMs.max)}`);
  console.log(`${name.padEnd(10)} push → fb written   ${f(r.pushToPixelsMs.median)} ${f(r.pushToPixelsMs.p90)} ${f(r.pushToPixelsMs.p99)} ${f(r.pushToPixelsMs.max)}   (${r.rectsWrittenMedian} rects written per frame)`);
  for (const [stage, t] of Object.entries(r.frameStagesMs)) console.log(`${name.padEnd(10)}   stage ${stage.padEnd(12)} ${f(t.median)} ${f(t.p90)} ${f(t.p99)} ${f(t.max)}`);
}
console.log(`load average at the end: ${result.load.join(' ')}`);
console.log(`target (oneTile): median < 10 ms, p99 < 30 ms: ${result.pass ? 'met' : 'NOT met'}`);
mkdirSync(new URL('out/', import.meta.url), { recursive: true });
writeFileSync(new URL('out/latency.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
