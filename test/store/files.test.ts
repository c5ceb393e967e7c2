import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { formatDataWarning, loadDataDir, MAX_WARNINGS_PER_FILE, mergeDataColumns, mergeDataFiles, parseDataText, pointsOfColumns } from '../../src/store/files.js';
import { parseValue } from '../../src/store/data-warnings.js';
import { parseTime, ZoneClock } from '../../src/store/times.js';

const at = (iso: string) => Date.parse(iso);
const BERLIN = 'Europe/Berlin';

/** parseDataText with each metric's columns also as `{t, v}` points, for readable expectations. */
const parsed = (text: string, file: string, timeZone: string) => {
  const result = parseDataText(text, file, timeZone);
  return { ...result, points: new Map([...result.columns].map(([metric, columns]) => [metric, pointsOfColumns(columns)] as const)) };
};

describe('data files in all four shapes', () => {
  it('CSV long: metric,time,value (columns in any order)', () => {
    const { points, warnings } = parsed('metric,time,value\nleads,2026-12-03T10:00:00Z,17\ntraffic,2026-12-03T10:00:00Z,400\nleads,2026-12-03T11:00:00Z,3\n', 'a.csv', 'UTC');
    expect(warnings).toEqual([]);
    expect(points.get('leads')).toEqual([{ t: at('2026-12-03T10:00:00Z'), v: 17 }, { t: at('2026-12-03T11:00:00Z'), v: 3 }]);
    expect(points.get('traffic')).toEqual([{ t: at('2026-12-03T10:00:00Z'), v: 400 }]);
    const reordered = parsed('value,metric,time\n5,leads,2026-12-03T10:00:00Z\n', 'b.csv', 'UTC');
    expect(reordered.points.get('leads')).toEqual([{ t: at('2026-12-03T10:00:00Z'), v: 5 }]);
  });

  it('CSV wide: time,<metric>,… (an empty cell is no point)', () => {
    const { points, warnings } = parsed('time,leads,conversion\r\n2026-12-03T10:00:00Z,17,0.021\r\n2026-12-03T11:00:00Z,,0.019\r\n', 'w.csv', 'UTC');
    expect(warnings).toEqual([]);
    expect(points.get('leads')).toEqual([{ t: at('2026-12-03T10:00:00Z'), v: 17 }]);
    expect(points.get('conversion')?.map((p) => p.v)).toEqual([0.021, 0.019]);
  });

  it('JSON with one metric and [time, value] pairs', () => {
    const text = JSON.stringify({ metric: 'leads', points: [['2026-12-03T10:00:00Z', 17], [1796295600000, 4], ['2026-12-03T12:00:00Z', null]] });
    const { points, warnings } = parsed(text, 'a.json', 'UTC');
    expect(warnings).toEqual([]);
    expect(points.get('leads')).toEqual([
      { t: at('2026-12-03T10:00:00Z'), v: 17 },
      { t: 1796295600000, v: 4 },
      { t: at('2026-12-03T12:00:00Z'), v: null }, // an explicit gap, reported by cleaning
    ]);
  });

  it('JSON with {metric, t, v} records', () => {
    const text = JSON.stringify({ points: [{ metric: 'leads', t: '2026-12-03T10:00:00Z', v: 17 }, { metric: 'seo', t: '1796292000000', v: 4.2 }] });
    const { points, warnings } = parsed(text, 'b.json', 'UTC');
    expect(warnings).toEqual([]);
    expect(points.get('leads')).toEqual([{ t: at('2026-12-03T10:00:00Z'), v: 17 }]);
    expect(points.get('seo')).toEqual([{ t: 1796292000000, v: 4.2 }]);
  });

  it('quoted CSV fields, a BOM and a header with spaces', () => {
    const { points, warnings } = parsed('\uFEFFmetric, time ,value\n"leads","2026-12-03T10:00:00Z","1,5"\n"new\nline",2026-12-03T10:00:00Z,2\n', 'q.csv', 'UTC');
    expect(points.get('new\nline')).toEqual([{ t: at('2026-12-03T10:00:00Z'), v: 2 }]);
    expect(warnings.map((w) => [w.line, w.message])).toEqual([[2, 'bad value "1,5" for leads: use a number (or null for a gap); row skipped']]);
  });
});

describe('points come back as columns', () => {
  it('per metric, exact-size Float64Arrays in file order, NaN for an explicit gap', () => {
    const text = ['time,a,b', ...Array.from({ length: 3000 }, (_, i) => `${i * 60_000},${i % 7 === 0 ? 'null' : i},${i % 2 === 0 ? '' : -i}`)].join('\n');
    const { columns, warnings } = parseDataText(text, 'big.csv', 'UTC');
    expect(warnings).toEqual([]);
    const a = columns.get('a')!;
    const b = columns.get('b')!;
    expect(a.times).toBeInstanceOf(Float64Array);
    expect(a.values).toBeInstanceOf(Float64Array);
    expect([a.times.length, a.values.length, b.times.length]).toEqual([3000, 3000, 1500]);
    expect([a.times[2999], a.values[2999], Number.isNaN(a.values[7]!)]).toEqual([2999 * 60_000, 2999, true]);
    expect([b.times[0], b.values[0]]).toEqual([60_000, -1]);
  });

  it('metrics named in a wide header but without any point are left out', () => {
    expect([...parseDataText('time,a,b\n1,1,\n', 'w.csv', 'UTC').columns.keys()]).toEqual(['a']);
  });
});

describe('values', () => {
  it('property: a value cell reads exactly as Number() reads it (the fast decimal path is exact)', () => {
    const decimal = fc.oneof(
      fc.tuple(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 15 })).map(([value, places]) => value.toFixed(places)),
      fc.stringMatching(/^-?[0-9]{0,17}(\.[0-9]{0,17})?$/),
    );
    fc.assert(
      fc.property(decimal, (cell) => {
        const expected = Number(cell);
        const read = parseValue(cell);
        if (cell.trim() === '' || Number.isNaN(expected)) expect(read).toBeUndefined();
        else expect(Object.is(read, expected), `${cell}: ${String(read)} vs ${expected}`).toBe(true);
      }),
      { numRuns: 3_000 },
    );
    expect([parseValue('1e3'), parseValue(' 2.5 '), parseValue('NaN'), parseValue('null'), parseValue('-'), parseValue('.')]).toEqual([1000, 2.5, null, null, undefined, undefined]);
  });
});

describe('times', () => {
  it('with an offset as given, without one in the layout time zone', () => {
    const text = 'metric,time,value\nm,2026-12-03T10:00:00+01:00,1\nm,2026-12-03T10:00:00,2\nm,2026-07-01 10:00,3\nm,2026-12-03,4\n';
    const { points } = parsed(text, 'a.csv', BERLIN);
    expect(points.get('m')?.map((p) => new Date(p.t).toISOString())).toEqual([
      '2026-12-03T09:00:00.000Z',
      '2026-12-03T09:00:00.000Z', // winter: CET = UTC+1
      '2026-07-01T08:00:00.000Z', // summer: CEST = UTC+2
      '2026-12-02T23:00:00.000Z', // a date alone is local midnight
    ]);
  });

  it('across the DST days of Europe/Berlin (23 and 25 hours)', () => {
    const text = ['time,m', '2026-03-29T01:30:00,1', '2026-03-29T03:30:00,2', '2026-10-25T01:30:00,3', '2026-10-25T03:30:00,4'].join('\n');
    const { points } = parsed(text, 'dst.csv', BERLIN);
    expect(points.get('m')?.map((p) => new Date(p.t).toISOString())).toEqual([
      '2026-03-29T00:30:00.000Z',
      '2026-03-29T01:30:00.000Z', // one hour of wall clock later, one hour of real time: 02:xx does not exist
      '2026-10-24T23:30:00.000Z',
      '2026-10-25T02:30:00.000Z', // two hours of wall clock, three hours of real time
    ]);
  });

  it('epoch milliseconds as numbers and digit strings', () => {
    const { points } = parsed('time,m\n1796292000000,1\n', 'e.csv', BERLIN);
    expect(points.get('m')).toEqual([{ t: 1796292000000, v: 1 }]);
  });

  it('local times agree with luxon in zones with DST, half-hour DST and odd offsets', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/Santiago'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: 0, max: 2 * 365 * 24 * 60 - 1 }), (zone, minute) => {
        const local = DateTime.fromMillis(Date.UTC(2025, 0, 1) + minute * 60_000, { zone: 'UTC' }).toFormat("yyyy-LL-dd'T'HH:mm:ss");
        const expected = DateTime.fromISO(local, { zone }).toMillis();
        return parseTime(local, new ZoneClock(zone)) === expected;
      }),
      { numRuns: 2_000 },
    );
    // every minute around the transitions, with one clock (the hour cache must not leak across)
    for (const zone of zones) {
      const clock = new ZoneClock(zone);
      for (const day of ['2026-03-08', '2026-03-29', '2026-04-05', '2026-09-06', '2026-10-04', '2026-10-25', '2026-11-01']) {
        for (let minute = 0; minute < 24 * 60; minute += 5) {
          const local = `${day}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
          expect(parseTime(local, clock), `${zone} ${local}`).toBe(DateTime.fromISO(local, { zone }).toMillis());
        }
      }
    }
  });

  it('refuses impossible dates instead of rolling them over', () => {
    const clock = new ZoneClock('UTC');
    for (const text of ['2026-02-30T10:00:00Z', '2026-13-01', '2026-12-03T24:30:00Z', 'yesterday', '', '12.5']) expect(parseTime(text, clock), text).toBeNull();
    expect(parseTime('2024-02-29T00:00:00Z', clock)).toBe(Date.parse('2024-02-29T00:00:00Z'));
    expect(parseTime('2026-W49-4', clock)).toBe(Date.parse('2026-12-03T00:00:00Z')); // other ISO forms through luxon
  });
});

describe('bad rows are warnings with file:line and the rest loads', () => {
  it('in CSV', () => {
    const text = ['metric,time,value', 'leads,2026-12-03T10:00:00Z,17', 'leads,not a time,3', 'leads,2026-12-03T11:00:00Z,abc', 'leads', '', 'leads,2026-12-03T12:00:00Z,5'].join('\n');
    const { points, warnings } = parsed(text, 'data/leads.csv', 'UTC');
    expect(points.get('leads')?.map((p) => p.v)).toEqual([17, 5]);
    expect(warnings.map(formatDataWarning)).toEqual([
      'data/leads.csv:3: bad time "not a time": use ISO 8601 (2026-12-03T10:00:00Z) or epoch milliseconds; row skipped',
      'data/leads.csv:4: bad value "abc" for leads: use a number (or null for a gap); row skipped',
      'data/leads.csv:5: expected metric,time,value, got 1 field(s); row skipped',
    ]);
  });

  it('in JSON, with the index of the point and its line', () => {
    const text = ['{', '  "metric": "leads",', '  "points": [', '    ["2026-12-03T10:00:00Z", 17],', '    ["2026-12-03T11:00:00Z"],', '    ["tomorrow", 1],', '    ["2026-12-03T12:00:00Z", "x"], ["2026-12-03T13:00:00Z", 2]', '  ]', '}'].join('\n');
    const { points, warnings } = parsed(text, 'd.json', 'UTC');
    expect(points.get('leads')?.map((p) => p.v)).toEqual([17, 2]);
    expect(warnings.map((w) => [w.line, w.message.split(':')[0]])).toEqual([[5, 'points[1]'], [6, 'points[2]'], [7, 'points[3]']]);
  });

  it('an unreadable or garbage file is one warning', () => {
    expect(parseDataText('{"points": [1, 2', 'bad.json', 'UTC').warnings).toHaveLength(1);
    expect(parseDataText('\u0000\u0001\u0002binary', 'bin.csv', 'UTC').warnings.map((w) => w.message)).toEqual(['this is not a text file; file skipped']);
    expect(parseDataText('a,b,c\n1,2,3\n', 'x.csv', 'UTC').warnings[0]?.message).toMatch(/^unknown CSV header "a,b,c"/);
    expect(parseDataText('[1, 2]', 'x.json', 'UTC').warnings).toHaveLength(1);
    expect(parseDataText('', 'x.csv', 'UTC').warnings.map((w) => w.message)).toEqual(['the file is empty']);
  });

  it('a file full of bad rows lists a bounded number of warnings and a count of the rest', () => {
    const text = ['time,m', ...Array.from({ length: 500 }, () => 'never,1')].join('\n');
    const { warnings } = parseDataText(text, 'x.csv', 'UTC');
    expect(warnings).toHaveLength(MAX_WARNINGS_PER_FILE + 1);
    expect(warnings.at(-1)?.message).toBe(`… and ${500 - MAX_WARNINGS_PER_FILE} more bad rows skipped`);
  });

  it('never throws on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.constantFrom('a.csv', 'a.json', 'a.txt'), (text, file) => {
        const { warnings } = parseDataText(text, file, BERLIN);
        return warnings.every((w) => w.file === file && Number.isInteger(w.line));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => Array.isArray(parseDataText(JSON.stringify(value) ?? 'null', 'v.json', 'UTC').warnings)),
      { numRuns: 300 },
    );
  });
});

describe('loadDataDir', () => {
  it('reads *.csv and *.json per file, skipping dotfiles, rsync temp files and other files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-data-'));
    writeFileSync(join(dir, 'b.csv'), 'metric,time,value\nleads,2026-12-03T10:00:00,1\n');
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ metric: 'leads', points: [['2026-12-03T09:00:00Z', 2]] }));
    writeFileSync(join(dir, '.b.csv.Xy12Ab'), 'metric,time,value\nleads,2026-12-03T10:00:00Z,99\n');
    writeFileSync(join(dir, '.hidden.json'), '{}');
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    writeFileSync(join(dir, 'broken.csv'), '\u0000\u0000');
    mkdirSync(join(dir, 'sub.csv'));
    const files = await loadDataDir(dir, BERLIN);
    expect([...files.keys()]).toEqual([join(dir, 'a.json'), join(dir, 'b.csv'), join(dir, 'broken.csv')]);
    expect(pointsOfColumns(files.get(join(dir, 'b.csv'))!.columns.get('leads')!)).toEqual([{ t: at('2026-12-03T09:00:00Z'), v: 1 }]);
    expect(files.get(join(dir, 'broken.csv'))?.warnings).toHaveLength(1);
    expect(mergeDataFiles(files.values()).get('leads')?.map((p) => p.v)).toEqual([2, 1]);
    expect([...mergeDataColumns(files.values()).get('leads')!.values]).toEqual([2, 1]);
  });

  it('a missing directory is one warning, not a crash', async () => {
    const files = await loadDataDir(join(tmpdir(), 'no-such-dir-kpi-signage'), 'UTC');
    expect([...files.values()].flatMap((file) => file.warnings.map((w) => w.message))[0]).toMatch(/^cannot read the data directory/);
  });
});
