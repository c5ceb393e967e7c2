// Benchmark of the KPI core: a 12-KPI layout over one year of one-minute data (6 metrics ×
// 525,600 points), then 2× and 4× the history (extended backwards at the same rate), plus the cost
// of cleaning raw input in order, nearly in order (one late hour) and shuffled: cleanColumns on
// columns (what data files and the PointSet use) and cleanPoints on `{t, v}` objects (pushes).
// Prints a table, writes bench/out/core.json.
// Run `npm run build` first (or `npm run bench core`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cleanPoints, evaluateKpi, DEFAULT_THRESHOLDS } from '../dist/core/index.js';
import { cleanColumns } from '../dist/core/clean-columns.js';
import { seeded } from '../scripts/seeded.mjs';

const MINUTE = 60_000;
const YEAR_POINTS = 525_600;
const RUNS = 7;
const NOW = Date.parse('2026-11-18T14:30:00Z');
const METRICS = ['leads', 'traffic', 'conversion', 'rank', 'revenue', 'tickets'];
const CALENDAR = { timeZone: 'Europe/Berlin', weekStart: 1, fiscalYearStart: 4 };


/** `years` of one-minute points ending just before NOW, a daily wave plus noise, 0.1 % gaps. */
function buildSeries(metricIndex, years) {
  const n = YEAR_POINTS * years;
  const random = seeded(metricIndex + 1);
  const times = new Float64Array(n);
  const values = new Float64Array(n);
  const first = NOW - n * MINUTE;
  for (let i = 0; i < n; i++) {
    const t = first + i * MINUTE;
    times[i] = t;
    values[i] = random() < 0.001 ? Number.NaN : 10 + metricIndex + 5 * Math.sin((t / 86_400_000) * 2 * Math.PI) + random() * 3;
  }
  return { times, values };
}

function spec(id, metric, period, aggregate, better, target, drivers) {
  return {
    id, metric, better, aggregate, period, target,
    thresholds: DEFAULT_THRESHOLDS,
    staleAfterMs: 2 * 3_600_000,
    trend: { bucket: period === 'day' ? 'day' : period === 'week' ? 'day' : 'week', window: 14, fill: 'gap' },
    drivers: drivers.map((d) => ({ metric: d, better: 'higher', aggregate: 'mean' })),
    baseline: 8,
    calendar: CALENDAR,
    minElapsed: 0.1,
  };
}

const KPIS = [
  spec('leads_day', 'leads', 'day', 'sum', 'higher', 20_000, ['traffic', 'conversion']),
  spec('leads_week', 'leads', 'week', 'sum', 'higher', 140_000, ['traffic', 'conversion', 'rank']),
  spec('leads_month', 'leads', 'month', 'sum', 'higher', 600_000, ['traffic', 'conversion', 'rank']),
  spec('leads_quarter', 'leads', 'quarter', 'count', 'higher', 130_000, ['traffic']),
  spec('revenue_year', 'revenue', 'year', 'sum', 'higher', 8_000_000, ['leads', 'conversion']),
  spec('traffic_week', 'traffic', 'week', 'mean', 'higher', 12, ['rank']),
  spec('conversion_month', 'conversion', 'month', 'median', 'higher', 12.5, ['traffic']),
  spec('rank_day', 'rank', 'day', 'min', 'lower', 10, []),
  spec('tickets_month', 'tickets', 'month', 'max', 'lower', 25, ['traffic', 'leads']),
  spec('tickets_quarter', 'tickets', 'quarter', 'median', 'lower', 15, ['revenue']),
  spec('revenue_month', 'revenue', 'month', 'last', 'higher', 16, ['leads', 'traffic', 'conversion', 'rank']),
  spec('traffic_year', 'traffic', 'year', 'mean', 'higher', 11, ['leads']),
];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

function time(work) {
  work(); // warm-up: JIT and memoised calendar dates, as on a screen that redraws every few seconds
  const samples = [];
  for (let run = 0; run < RUNS; run++) {
    globalThis.gc?.();
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const rows = [];
for (const years of [1, 2, 4]) {
  const series = new Map(METRICS.map((metric, index) => [metric, buildSeries(index, years)]));
  const seriesOf = (metric) => series.get(metric);
  let checksum = 0;
  const ms = time(() => {
    for (const kpi of KPIS) checksum += evaluateKpi(kpi, seriesOf, NOW).n;
  });
  rows.push({ scale: `${years}x`, points: YEAR_POINTS * years * METRICS.length, evaluateAllMs: ms, checksum });
  series.clear();
}

// cleanPoints on one metric's raw points: in order, and shuffled (seeded Fisher–Yates).
const raw = [];
const random = seeded(99);
for (let i = 0; i < YEAR_POINTS; i++) raw.push({ t: NOW - (YEAR_POINTS - i) * MINUTE, v: random() < 0.001 ? null : random() * 100 });
const shuffled = [...raw];
for (let i = shuffled.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
}
const cleanSortedMs = time(() => cleanPoints('m', raw));
const cleanShuffledMs = time(() => cleanPoints('m', shuffled));
// The same points as columns; "nearly" has one hour of points moved to the end (a late file).
const columnsOf = (points) => [Float64Array.from(points, (p) => p.t), Float64Array.from(points, (p) => p.v ?? Number.NaN)];
const nearly = [...raw.slice(0, 1000), ...raw.slice(1060), ...raw.slice(1000, 1060)];
const [sortedTimes, sortedValues] = columnsOf(raw);
const [nearlyTimes, nearlyValues] = columnsOf(nearly);
const [shuffledTimes, shuffledValues] = columnsOf(shuffled);
const columnsSortedMs = time(() => cleanColumns('m', sortedTimes, sortedValues));
const columnsNearlyMs = time(() => cleanColumns('m', nearlyTimes, nearlyValues));
const columnsShuffledMs = time(() => cleanColumns('m', shuffledTimes, shuffledValues));

console.log('| history | points | evaluateKpi × 12, median ms |');
console.log('|---|---:|---:|');
for (const row of rows) console.log(`| ${row.scale} | ${row.points.toLocaleString('en')} | ${row.evaluateAllMs.toFixed(1)} |`);
const growth2 = rows[1].evaluateAllMs / rows[0].evaluateAllMs;
const growth4 = rows[2].evaluateAllMs / rows[0].evaluateAllMs;
console.log(`growth: 2x/1x = ${growth2.toFixed(2)}, 4x/1x = ${growth4.toFixed(2)} (linear would be 2 and 4)`);
console.log(`cleanPoints, ${YEAR_POINTS.toLocaleString('en')} points: in order ${cleanSortedMs.toFixed(1)} ms, shuffled ${cleanShuffledMs.toFixed(1)} ms`);
console.log(`cleanColumns, ${YEAR_POINTS.toLocaleString('en')} points: in order ${columnsSortedMs.toFixed(1)} ms, one late hour ${columnsNearlyMs.toFixed(1)} ms, shuffled ${columnsShuffledMs.toFixed(1)} ms`);

mkdirSync(new URL('out/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('out/core.json', import.meta.url),
  JSON.stringify({ runs: RUNS, kpis: KPIS.length, metrics: METRICS.length, rows, growth: { '2x': growth2, '4x': growth4 }, cleanPoints: { points: YEAR_POINTS, sortedMs: cleanSortedMs, shuffledMs: cleanShuffledMs }, cleanColumns: { points: YEAR_POINTS, sortedMs: columnsSortedMs, nearlySortedMs: columnsNearlyMs, shuffledMs: columnsShuffledMs } }, null, 2) + '\n',
);
