// Push ingest benchmark: sustained acknowledged points per second over a real WebSocket on
// loopback (the server in its own process, a real SQLite file with synchronous = FULL), and the
// server's RSS growth over 100,000 single-point pushes. `npm run build` first (bench/run.mjs does).
// Prints a small table and writes bench/out/push.json.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';

const TOKEN = 'bench-token-0123456789abcdef';
const T0 = Date.parse('2026-01-01T00:00:00Z');

if (process.argv[2] === '--server') await serve(process.argv[3]);
else await main();

/** The server process: a push server on a temp state dir; answers "rss" on stdin with its memory. */
async function serve(stateDir) {
  const { openPointStore } = await import('../dist/store/db.js');
  const { createPushServer } = await import('../dist/push/server.js');
  const store = openPointStore(stateDir);
  // Limits raised for the benchmark only: a real device keeps the defaults.
  const server = createPushServer({ store, token: TOKEN, timeZone: 'UTC', limits: { messagesPerSecond: 1_000_000, maxConnections: 64 }, onPoints: () => {} });
  const { port } = await server.listen('127.0.0.1', 0);
  process.stdout.write(`${JSON.stringify({ port })}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'rss') {
      for (let i = 0; i < 3; i++) globalThis.gc?.();
      const memory = process.memoryUsage();
      process.stdout.write(`${JSON.stringify({ rss: memory.rss, heapUsed: memory.heapUsed, points: store.count(), ...store.stats() })}\n`);
    } else if (line === 'stop') {
      await server.close();
      await store.close();
      process.exit(0);
    }
  }
}

/** Sends `messages` messages over `connections` sockets with `window` unacknowledged per socket; resolves with the seconds taken. */
async function storm(port, { connections, window, messages, pointsPerMessage, offset }) {
  const sockets = await Promise.all(
    Array.from({ length: connections }, () => new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/ws`, { headers: { Authorization: `Bearer ${TOKEN}` }, perMessageDeflate: false });
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    })),
  );
  let next = 0;
  let acked = 0;
  let errors = 0;
  const started = performance.now();
  await new Promise((resolve) => {
    const sendOne = (ws) => {
      if (next >= messages) return;
      const seq = offset + next++;
      // ISO 8601 times, the shape a central server most likely sends (epoch ms is cheaper still).
      const points = Array.from({ length: pointsPerMessage }, (_, k) => [new Date(T0 + (seq * pointsPerMessage + k) * 1000).toISOString(), (seq + k) % 1000]);
      ws.send(JSON.stringify({ type: 'points', id: String(seq), metric: `bench_${seq % 8}`, points }));
    };
    for (const ws of sockets) {
      ws.on('message', (data) => {
        const reply = JSON.parse(data.toString());
        if (reply.type === 'ack') acked++;
        else errors++;
        if (acked + errors === messages) resolve();
        else sendOne(ws);
      });
      for (let i = 0; i < window; i++) sendOne(ws);
    }
  });
  const seconds = (performance.now() - started) / 1000;
  for (const ws of sockets) ws.close();
  if (errors > 0) throw new Error(`${errors} messages were refused`);
  return seconds;
}

async function main() {
  // KPI_BENCH_DIR puts the SQLite file on the disk under test (e.g. the Pi's SD card).
  const dir = mkdtempSync(join(process.env.KPI_BENCH_DIR ?? os.tmpdir(), 'kpi-bench-push-'));
  const child = spawn(process.execPath, ['--expose-gc', new URL(import.meta.url).pathname, '--server', join(dir, 'state')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const read = async () => JSON.parse((await lines.next()).value);
  const ask = async (command) => {
    child.stdin.write(`${command}\n`);
    return read();
  };
  const { port } = await read();
  const rows = [];
  let offset = 0;

  for (const run of [
    { name: 'batched: 100 points/message, 4 connections × 16 in flight', connections: 4, window: 16, messages: 3_000, pointsPerMessage: 100 },
    { name: 'single points: 1 point/message, 4 connections × 64 in flight', connections: 4, window: 64, messages: 20_000, pointsPerMessage: 1 },
  ]) {
    const start = await ask('rss');
    const seconds = await storm(port, { ...run, offset });
    const end = await ask('rss');
    offset += run.messages;
    const commits = end.commits - start.commits;
    rows.push({ run: run.name, messages: run.messages, points: run.messages * run.pointsPerMessage, seconds: +seconds.toFixed(2), messagesPerSecond: Math.round(run.messages / seconds), pointsPerSecond: Math.round((run.messages * run.pointsPerMessage) / seconds), commits, messagesPerCommit: +(run.messages / commits).toFixed(1) });
  }

  // Memory: warm up, then 100,000 single-point pushes; RSS measured after forced GC.
  await storm(port, { connections: 4, window: 64, messages: 10_000, pointsPerMessage: 1, offset });
  offset += 10_000;
  const before = await ask('rss');
  const seconds = await storm(port, { connections: 4, window: 64, messages: 100_000, pointsPerMessage: 1, offset });
  offset += 100_000;
  const after = await ask('rss');
  const memory = { pushes: 100_000, seconds: +seconds.toFixed(2), rssBeforeMB: +(before.rss / 2 ** 20).toFixed(1), rssAfterMB: +(after.rss / 2 ** 20).toFixed(1), rssGrowthMB: +((after.rss - before.rss) / 2 ** 20).toFixed(2), heapGrowthMB: +((after.heapUsed - before.heapUsed) / 2 ** 20).toFixed(2), pointsStored: after.points };
  await ask('stop').catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });

  const machine = `${os.cpus()[0]?.model ?? 'unknown cpu'} × ${os.cpus().length}, node ${process.version}, ${os.platform()} ${os.arch()}`;
  console.log(`push ingest (acknowledged = committed with synchronous=FULL, SQLite under ${dir}), ${machine}`);
  console.log('| run | points/s | messages/s | messages per fsync | seconds |');
  console.log('|---|---:|---:|---:|---:|');
  for (const row of rows) console.log(`| ${row.run} | ${row.pointsPerSecond} | ${row.messagesPerSecond} | ${row.messagesPerCommit} | ${row.seconds} |`);
  console.log(`\nmemory over ${memory.pushes} pushes: RSS ${memory.rssBeforeMB} → ${memory.rssAfterMB} MB (growth ${memory.rssGrowthMB} MB, heap ${memory.heapGrowthMB} MB), ${memory.seconds} s`);
  mkdirSync(new URL('out/', import.meta.url), { recursive: true });
  writeFileSync(new URL('out/push.json', import.meta.url), `${JSON.stringify({ machine, ingest: rows, memory }, null, 2)}\n`);
}
