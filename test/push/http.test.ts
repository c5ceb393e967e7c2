import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LAYOUT, TOKEN, rowsOnDisk, startHarness, type Harness } from './helpers.js';

const auth = { Authorization: `Bearer ${TOKEN}` };
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000200a0b7ea1d0000000049454e44ae426082', 'hex');

describe('push server over HTTP', () => {
  let harness: Harness;
  afterEach(async () => harness?.close());

  it('POST /v1/points stores the points and answers with the ack once they are on disk', async () => {
    harness = await startHarness();
    const response = await fetch(`${harness.url}/v1/points`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ id: 'cron-1', metric: 'inbound_leads', points: [['2026-12-03T10:00:00Z', 17]] }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ type: 'ack', id: 'cron-1', accepted: 1 });
    expect(rowsOnDisk(harness, 'inbound_leads')).toEqual([[Date.parse('2026-12-03T10:00:00Z'), 17]]);
    expect(harness.pointsSeen).toHaveLength(1);
  });

  it('answers 401 without the token or with a wrong one, and stores nothing', async () => {
    harness = await startHarness();
    const body = JSON.stringify({ metric: 'x', points: [[1_780_000_000_000, 1]] });
    const none = await fetch(`${harness.url}/v1/points`, { method: 'POST', body });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await none.json()).toMatchObject({ type: 'error', code: 'unauthorized' });
    const wrong = await fetch(`${harness.url}/v1/points`, { method: 'POST', body, headers: { Authorization: 'Bearer wrong' } });
    expect(wrong.status).toBe(401);
    // The preview page challenges with Basic, so a browser asks for the token; the API with Bearer.
    const page = await fetch(`${harness.url}/`);
    expect(page.status).toBe(401);
    expect(page.headers.get('www-authenticate')).toMatch(/^Basic realm="kpi-signage"/);
    const health = await fetch(`${harness.url}/v1/health`);
    expect(health.status).toBe(401);
    expect(health.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(rowsOnDisk(harness, 'x')).toEqual([]);
  });

  it('answers 413 for a body over maxPayloadBytes and 400 with the path for a bad one', async () => {
    harness = await startHarness({ limits: { maxPayloadBytes: 1_000 } });
    const big = await fetch(`${harness.url}/v1/points`, { method: 'POST', headers: auth, body: JSON.stringify({ metric: 'x', points: [], pad: 'x'.repeat(2_000) }) });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ code: 'too_large' });
    const garbage = await fetch(`${harness.url}/v1/points`, { method: 'POST', headers: auth, body: '{"metric": "x", "points": [[' });
    expect(garbage.status).toBe(400);
    expect(await garbage.json()).toMatchObject({ code: 'invalid', id: null });
    const wrongType = await fetch(`${harness.url}/v1/points`, { method: 'POST', headers: auth, body: JSON.stringify({ id: 'w', series: { seo_rank: [['2026-12-03T10:00:00Z', '4']] } }) });
    expect(wrongType.status).toBe(400);
    expect(await wrongType.json()).toMatchObject({ code: 'invalid', id: 'w', path: 'series.seo_rank[0][1]' });
  });

  it('answers 429 beyond httpRequestsPerSecond', async () => {
    harness = await startHarness({ limits: { httpRequestsPerSecond: 3 } });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await fetch(`${harness.url}/v1/health`, { headers: auth })).status);
    expect(statuses).toContain(429);
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
  });

  it('PUT /v1/layouts/<name> validates YAML with line numbers and saves a good one as <name>.yaml', async () => {
    harness = await startHarness();
    const bad = await fetch(`${harness.url}/v1/layouts/wall`, { method: 'PUT', headers: auth, body: 'title: x\ngrid: { columns: 2, rows: 1 }\ntiles: [ { kpi: nope, at: [0, 0] } ]\nbogus_key: 1\n' });
    expect(bad.status).toBe(400);
    const problems = ((await bad.json()) as { problems: { line: number; message: string }[] }).problems;
    expect(problems.some((problem) => problem.line === 4)).toBe(true);
    const yaml = readFileSync(new URL('../../layouts/marketing.yaml', import.meta.url), 'utf8');
    const good = await fetch(`${harness.url}/v1/layouts/wall`, { method: 'PUT', headers: auth, body: yaml });
    expect(good.status).toBe(200);
    expect(await good.json()).toMatchObject({ type: 'ack', layout: 'wall', file: 'wall.yaml' });
    expect(readFileSync(join(harness.layoutsDir, 'wall.yaml'), 'utf8')).toBe(yaml);
    expect(harness.layoutsSeen.map((seen) => seen.layout.name)).toEqual(['wall']);
    const badName = await fetch(`${harness.url}/v1/layouts/..%2Fescape`, { method: 'PUT', headers: auth, body: yaml });
    expect(badName.status).toBe(400);
  });

  it('PUT /v1/layouts/<name> saves a JSON layout as <name>.json, with line numbers for problems', async () => {
    harness = await startHarness();
    const text = JSON.stringify(LAYOUT, null, 2);
    const good = await fetch(`${harness.url}/v1/layouts/board`, { method: 'PUT', headers: auth, body: text });
    expect(await good.json()).toMatchObject({ type: 'ack', layout: 'board', file: 'board.json' });
    expect(readFileSync(join(harness.layoutsDir, 'board.json'), 'utf8')).toBe(text);
    const bad = await fetch(`${harness.url}/v1/layouts/board`, { method: 'PUT', headers: auth, body: '{\n  "title": "x",\n  "gird": {}\n}' });
    expect(bad.status).toBe(400);
    const problems = ((await bad.json()) as { problems: { file: string; line: number }[] }).problems;
    expect(problems.some((problem) => problem.file === 'board.json' && problem.line === 3)).toBe(true);
  });

  it('PUT /v1/layouts/<name> also takes a layout message, saved as <name>.json', async () => {
    harness = await startHarness();
    const message = { type: 'layout', id: 'p1', layout: LAYOUT };
    const good = await fetch(`${harness.url}/v1/layouts/lobby`, { method: 'PUT', headers: auth, body: JSON.stringify(message) });
    expect(await good.json()).toMatchObject({ type: 'ack', id: 'p1', layout: 'lobby', file: 'lobby.json' });
    expect(JSON.parse(readFileSync(join(harness.layoutsDir, 'lobby.json'), 'utf8'))).toEqual(LAYOUT);
    const mismatch = await fetch(`${harness.url}/v1/layouts/lobby`, { method: 'PUT', headers: auth, body: JSON.stringify({ ...message, name: 'hall' }) });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.json()).toMatchObject({ code: 'invalid', path: 'name' });
  });

  it('GET /v1/health merges the daemon health with the push figures', async () => {
    harness = await startHarness({ health: () => ({ page: 'marketing', lastFrameAt: '2026-12-03T10:00:00.000Z', errors: [] }) });
    const response = await fetch(`${harness.url}/v1/health`, { headers: auth });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ page: 'marketing', lastFrameAt: '2026-12-03T10:00:00.000Z', push: { connections: 0 } });
  });

  it('GET /v1/snapshot.png: 503 before the first frame, then the PNG with an ETag, 304 when unchanged', async () => {
    let frame: Buffer | null = null;
    harness = await startHarness({ snapshot: () => frame });
    expect((await fetch(`${harness.url}/v1/snapshot.png`, { headers: auth })).status).toBe(503);
    frame = PNG;
    const first = await fetch(`${harness.url}/v1/snapshot.png`, { headers: auth });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await first.arrayBuffer())).toEqual(PNG);
    const etag = first.headers.get('etag')!;
    const again = await fetch(`${harness.url}/v1/snapshot.png`, { headers: { ...auth, 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    frame = Buffer.concat([PNG, Buffer.from([0])]);
    expect((await fetch(`${harness.url}/v1/snapshot.png`, { headers: { ...auth, 'If-None-Match': etag } })).status).toBe(200);
  });

  it('serves the preview page to a browser that logs in with the token as password', async () => {
    harness = await startHarness();
    const basic = `Basic ${Buffer.from(`anyone:${TOKEN}`).toString('base64')}`;
    const page = await fetch(`${harness.url}/`, { headers: { Authorization: basic } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('/v1/snapshot.png');
    expect(html).toContain('If-None-Match');
  });

  it('answers 404 for unknown paths and 405 for a wrong method', async () => {
    harness = await startHarness();
    expect((await fetch(`${harness.url}/v2/nothing`, { headers: auth })).status).toBe(404);
    const wrongMethod = await fetch(`${harness.url}/v1/points`, { headers: auth });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });
});
