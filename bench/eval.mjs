// Benchmark of `eval`'s work on a 12-KPI page (6 metrics) over one year of one-minute data
// (525,600 points per metric), then 2x and 4x the history: (a) parsing the data files
// (loadDataDir) and (b) evaluating all tiles (cleaning the points + evaluatePage). Medians.
// Also at 1x: the same data as long CSV, with local times (no offset) and as JSON.
// Each case runs in its own process (a fresh heap, so one case's garbage does not slow the next).
// Points are columns (Float64Arrays) from the parsers to the Series; "heap" is the JS heap and
// "arrays" the typed-array memory outside it. A last run evaluates 1x wide with a 256 MB heap
// (--max-old-space-size=256, a Pi-like limit) and records whether it finished.
// Prints a table, writes bench/out/eval.json. Run `npm run build` first (or `npm run bench eval`).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluatePage } from '../dist/layout/evaluate.js';
import { parseLayoutText } from '../dist/layout/load.js';
import { loadDataDir } from '../dist/store/files.js';
import { pointSetOf } from '../dist/store/points.js';
import { seeded } from '../scripts/seeded.mjs';

const MINUTE = 60_000;
const YEAR_POINTS = 525_600;
const PARSE_RUNS = 3;
const EVAL_RUNS = 5;
const NOW = Date.parse('2026-11-18T14:30:00Z');
const ZONE = 'Europe/Berlin';
const METRICS = ['leads', 'traffic', 'conversion', 'rank', 'revenue', 'tickets'];

const LAYOUT = `
screen: { timezone: ${ZONE} }
grid: { columns: 4, rows: 4 }
metrics:
  leads: { better: higher, aggregate: sum }
  traffic: { better: higher, aggregate: mean }
  conversion: { better: higher, aggregate: median }
  rank: { better: lower, aggregate: min }
  revenue: { better: higher, aggregate: sum }
  tickets: { better: lower, aggregate: max }
kpis:
  leads_day: { metric: leads, period: day, target: 20000, drivers: [traffic, conversion] }
  leads_week: { metric: leads, period: week, target: 140000, drivers: [traffic, conversion, rank] }
  leads_month: { metric: leads, period: month, target: 600000, drivers: [traffic, conversion, rank] }
  leads_quarter: { metric: leads, period: quarter, target: 1800000, drivers: [traffic] }
  revenue_year: { metric: revenue, period: year, target: 8000000, fiscal_year_start: 4, drivers: [leads, conversion] }
  traffic_week: { metric: traffic, period: week, target: 12, drivers: [rank] }
  conversion_month: { metric: conversion, period: month, target: 12.5, drivers: [traffic] }
  rank_day: { metric: rank, period: day, target: 10 }
  tickets_month: { metric: tickets, period: month, target: 25, drivers: [traffic, leads] }
  tickets_quarter: { metric: tickets, period: quarter, target: 15, drivers: [revenue] }
  revenue_month: { metric: revenue, period: month, target: 500000, trend: { bucket: week, window: 8 }, drivers: [leads, traffic, conversion, rank] }
  traffic_year: { metric: traffic, period: year, target: 11, drivers: [leads] }
tiles:
${['leads_day', 'leads_week', 'leads_month', 'leads_quarter', 'revenue_year', 'traffic_week', 'conversion_month', 'rank_day', 'tickets_month', 'tickets_quarter', 'revenue_month', 'traffic_year']
  .map((id, index) => `  - { kpi: ${id}, at: [${index % 4}, ${Math.floor(index / 4)}] }`)
  .join('\n')}
`;


const value = (random, index, t) => (10 + index + 5 * Math.sin((t / 86_400_000) * 2 * Math.PI) + random() * 3).toFixed(3);

/** Berlin wall-clock text of an instant without an offset (for the local-time variant). */
const berlin = new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** Writes `years` of one-minute data ending at NOW into dir in one of the shapes; returns bytes. */
function writeData(dir, years, shape) {
  const n = YEAR_POINTS * years;
  const first = NOW - n * MINUTE;
  const random = seeded(7);
  const parts = [];
  if (shape === 'wide' || shape === 'wide-local') {
    parts.push(`time,${METRICS.join(',')}\n`);
    for (let i = 0; i < n; i++) {
      const t = first + i * MINUTE;
      const time = shape === 'wide' ? new Date(t).toISOString() : berlin.format(t).replace(' ', 'T');
      parts.push(`${time},${METRICS.map((_, index) => value(random, index, t)).join(',')}\n`);
    }
  } else if (shape === 'long') {
    parts.push('metric,time,value\n');
    METRICS.forEach((metric, index) => {
      for (let i = 0; i < n; i++) {
        const t = first + i * MINUTE;
        parts.push(`${metric},${new Date(t).toISOString()},${value(random, index, t)}\n`);
      }
    });
  } else {
    METRICS.forEach((metric, index) => {
      const points = [];
      for (let i = 0; i < n; i++) {
        const t = first + i * MINUTE;
        points.push(`[${t},${value(random, index, t)}]`);
      }
      writeFileSync(join(dir, `${metric}.json`), `{"metric":"${metric}","points":[\n${points.join(',\n')}\n]}\n`);
    });
    return;
  }
  writeFileSync(join(dir, 'data.csv'), parts.join(''));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

async function timeAsync(runs, work) {
  const samples = [];
  let result;
  for (let run = 0; run < runs; run++) {
    result = undefined;
    globalThis.gc?.();
    const start = performance.now();
    result = await work();
    samples.push(performance.now() - start);
  }
  return { ms: median(samples), result };
}

const loaded = parseLayoutText(LAYOUT, 'bench.yaml');
if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
const layout = loaded.layout;

/** Merging and cleaning every metric (a fresh PointSet, as `eval` does) and evaluating every tile. */
function evaluateAll(files) {
  const points = pointSetOf(new Map([...files].map(([path, file]) => [path, file.columns])));
  return evaluatePage(layout, (metric) => points.seriesOf(metric), NOW);
}

const CASES = [
  [1, 'wide'], [2, 'wide'], [4, 'wide'],
  [1, 'wide-local'], [1, 'long'], [1, 'json'],
];

/** One case in this process: write the files, time parse and evaluation, print a JSON row. */
async function runCase(years, shape) {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-bench-eval-'));
  try {
    writeData(dir, years, shape);
    const parse = await timeAsync(PARSE_RUNS, () => loadDataDir(dir, ZONE));
    const files = parse.result;
    const points = [...files.values()].reduce((sum, file) => sum + [...file.columns.values()].reduce((s, columns) => s + columns.times.length, 0), 0);
    const warnings = [...files.values()].reduce((sum, file) => sum + file.warnings.length, 0);
    evaluateAll(files); // warm-up
    const evaluation = await timeAsync(EVAL_RUNS, () => evaluateAll(files));
    const statuses = Object.values(evaluation.result.kpis).map((kpi) => kpi.status).join(' ');
    globalThis.gc?.();
    const memory = process.memoryUsage();
    const heapMb = Math.round(memory.heapUsed / 2 ** 20);
    const arraysMb = Math.round(memory.arrayBuffers / 2 ** 20);
    return { scale: `${years}x`, shape, points, warnings, parseMs: parse.ms, evaluateMs: evaluation.ms, heapMb, arraysMb, statuses };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const caseArgument = process.argv.indexOf('--case');
if (caseArgument !== -1) {
  const [years, shape] = (process.argv[caseArgument + 1] ?? '').split(':');
  process.stdout.write(`${JSON.stringify(await runCase(Number(years), shape))}\n`);
  process.exit(0);
}

/** Runs one case in a child process with the given heap limit; the row, or null when it failed. */
function runChild(years, shape, heapLimitMb) {
  const child = spawnSync(process.execPath, ['--expose-gc', `--max-old-space-size=${heapLimitMb}`, new URL(import.meta.url).pathname, '--case', `${years}:${shape}`], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) return { error: (child.stderr || `exit ${child.status ?? child.signal}`).trim().split('\n').slice(-3).join(' ') };
  return JSON.parse(child.stdout.trim().split('\n').at(-1));
}

const rows = [];
for (const [years, shape] of CASES) {
  const row = runChild(years, shape, 8192);
  if (row.error !== undefined) throw new Error(`case ${years}x ${shape} failed: ${row.error}`);
  rows.push(row);
  console.error(`${row.scale} ${row.shape}: parse ${row.parseMs.toFixed(0)} ms, evaluate ${row.evaluateMs.toFixed(0)} ms, heap ${row.heapMb} MB, arrays ${row.arraysMb} MB`);
}
const SMALL_HEAP_MB = 256;
const small = runChild(1, 'wide', SMALL_HEAP_MB);
console.error(small.error === undefined ? `1x wide with a ${SMALL_HEAP_MB} MB heap: parse ${small.parseMs.toFixed(0)} ms, evaluate ${small.evaluateMs.toFixed(0)} ms` : `1x wide with a ${SMALL_HEAP_MB} MB heap failed: ${small.error}`);

console.log('| history | data files | points | parse, median ms | clean + evaluatePage (12 KPIs), median ms | heap MB | typed arrays MB |');
console.log('|---|---|---:|---:|---:|---:|---:|');
for (const row of rows) console.log(`| ${row.scale} | ${row.shape} | ${row.points.toLocaleString('en')} | ${row.parseMs.toFixed(0)} | ${row.evaluateMs.toFixed(0)} | ${row.heapMb} | ${row.arraysMb} |`);
console.log(small.error === undefined ? `1x wide with --max-old-space-size=${SMALL_HEAP_MB}: ok, parse ${small.parseMs.toFixed(0)} ms, evaluate ${small.evaluateMs.toFixed(0)} ms` : `1x wide with --max-old-space-size=${SMALL_HEAP_MB}: FAILED (${small.error})`);
const wide = rows.filter((row) => row.shape === 'wide');
const growth = (key) => ({ '2x': wide[1][key] / wide[0][key], '4x': wide[2][key] / wide[0][key] });
const parseGrowth = growth('parseMs');
const evaluateGrowth = growth('evaluateMs');
console.log(`growth (wide): parse 2x/1x = ${parseGrowth['2x'].toFixed(2)}, 4x/1x = ${parseGrowth['4x'].toFixed(2)}; evaluate 2x/1x = ${evaluateGrowth['2x'].toFixed(2)}, 4x/1x = ${evaluateGrowth['4x'].toFixed(2)} (linear: 2 and 4; n log n: ~2.1 and ~4.4)`);

mkdirSync(new URL('out/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('out/eval.json', import.meta.url),
  JSON.stringify({ parseRuns: PARSE_RUNS, evalRuns: EVAL_RUNS, kpis: Object.keys(layout.kpis).length, metrics: METRICS.length, rows, growth: { parse: parseGrowth, evaluate: evaluateGrowth }, smallHeap: { maxOldSpaceMb: SMALL_HEAP_MB, ...small } }, null, 2) + '\n',
);
