#!/usr/bin/env node
// Writes the example data of layouts/marketing.yaml: hourly points of five marketing metrics,
// deterministic (seeded), ending at a fixed hour (or --now for a live demo). Website conversion
// drops a week before the end, so the monthly leads KPI slips to at risk with conversion as the
// driver, while newsletter subscribers stay on track.
//
//   node scripts/gen-example-data.mjs [--now 2026-12-03T10:00:00Z|now] [--days 280] [--out data/marketing.csv] [--seed 42]
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { seeded } from './seeded.mjs';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The end of the committed example: `eval … --now 2026-12-03T10:00:00Z` shows the story. */
const DEFAULT_END = '2026-12-03T10:00:00Z';
/** Enough history for the drivers' baseline of 8 previous months. */
const DEFAULT_DAYS = 280;
/** How long before the end website conversion has been down, and by how much. */
const DROP_DAYS = 7;
const DROP_FACTOR = 0.72;

const { values } = parseArgs({
  options: {
    now: { type: 'string', default: DEFAULT_END },
    days: { type: 'string', default: String(DEFAULT_DAYS) },
    out: { type: 'string', default: 'data/marketing.csv' },
    seed: { type: 'string', default: '42' },
  },
});

const endInstant = values.now === 'now' ? Date.now() : Date.parse(values.now);
if (!Number.isFinite(endInstant)) {
  process.stderr.write(`gen-example-data: --now '${values.now}' is not a time (ISO 8601 with Z, or 'now')\n`);
  process.exit(2);
}
const end = Math.floor(endInstant / HOUR_MS) * HOUR_MS;
const days = Number(values.days);
const start = end - days * DAY_MS;

const random = seeded(Number(values.seed));
const noise = (spread) => 1 + spread * (2 * random() - 1);

/** Poisson-distributed count (Knuth; lambda here is small). */
function poisson(lambda) {
  const limit = Math.exp(-lambda);
  let k = 0;
  let product = random();
  while (product > limit) {
    k += 1;
    product *= random();
  }
  return k;
}

/** Visitors by local hour: quiet at night, a peak in the afternoon. */
function hourShape(hour) {
  return 0.25 + 0.75 * Math.exp(-((hour - 14) ** 2) / 18);
}

const rows = ['time,inbound_leads,search_traffic,conversion_rate,email_subscribers,seo_rank'];
let subscribers = 3900;
for (let t = start; t <= end; t += HOUR_MS) {
  const date = new Date(t + HOUR_MS); // roughly Central European time, enough for a daily shape
  const day = (t - start) / DAY_MS;
  const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6 ? 0.7 : 1;
  const traffic = Math.round(120 * hourShape(date.getUTCHours()) * weekend * (1 + 0.0006 * day) * noise(0.15));
  const dropped = end - t < DROP_DAYS * DAY_MS;
  const conversion = 0.021 * (dropped ? DROP_FACTOR : 1) * noise(0.12);
  const leads = poisson(traffic * conversion);
  subscribers += poisson(0.24);
  const rank = 6.5 - 2.5 * (day / days) + 0.3 * (2 * random() - 1);
  rows.push(`${new Date(t).toISOString().replace('.000Z', 'Z')},${leads},${traffic},${conversion.toFixed(4)},${subscribers},${rank.toFixed(1)}`);
}

mkdirSync(dirname(values.out), { recursive: true });
const temporary = `${values.out}.tmp-${process.pid}`;
writeFileSync(temporary, `${rows.join('\n')}\n`);
renameSync(temporary, values.out); // atomic: a watching daemon never reads half a file
process.stdout.write(`wrote ${rows.length - 1} hourly rows (${new Date(start).toISOString()} … ${new Date(end).toISOString()}) to ${values.out}\n`);
