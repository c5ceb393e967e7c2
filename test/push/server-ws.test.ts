import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, LAYOUT, TOKEN, rowsOnDisk, startHarness, waitFor, type Harness } from './helpers.js';

/** The raw HTTP answer to an upgrade request: the status line and whether it ever became a WebSocket. */
function rawUpgrade(port: number, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      const lines = ['GET /v1/ws HTTP/1.1', `Host: 127.0.0.1:${port}`, 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13'];
      for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('push server over WebSocket', () => {
  let harness: Harness;
  afterEach(async () => harness?.close());

  it('refuses a connection without a token or with a wrong one with HTTP 401 before the upgrade', async () => {
    harness = await startHarness();
    const none = await rawUpgrade(harness.port, {});
    expect(none).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n/);
    expect(none).toContain('WWW-Authenticate: Bearer');
    expect(none).not.toContain('101 Switching Protocols');
    const wrong = await rawUpgrade(harness.port, { Authorization: 'Bearer nope' });
    expect(wrong).toMatch(/^HTTP\/1\.1 401 /);
    const wrongProtocol = await rawUpgrade(harness.port, { 'Sec-WebSocket-Protocol': 'bearer.nope' });
    expect(wrongProtocol).toMatch(/^HTTP\/1\.1 401 /);
    await expect(Client.connect(harness, { token: 'x'.repeat(TOKEN.length) })).rejects.toThrow('HTTP 401');
    expect(harness.server.connections()).toBe(0);
  });

  it('accepts the token in the Authorization header', async () => {
    harness = await startHarness();
    const client = await Client.connect(harness);
    expect(await client.request({ type: 'points', id: 'h1', metric: 'inbound_leads', points: [['2026-12-03T10:00:00Z', 17]] })).toEqual({ type: 'ack', id: 'h1', accepted: 1 });
    client.close();
  });

  it('accepts the token as a bearer.<token> subprotocol (browsers) and answers with a subprotocol', async () => {
    harness = await startHarness();
    const client = await Client.connect(harness, { token: null, protocols: [`bearer.${TOKEN}`] });
    expect(client.socket.protocol).toBe(`bearer.${TOKEN}`);
    expect((await client.request({ type: 'points', id: 's1', metric: 'seo_rank', points: [[Date.parse('2026-12-03T10:00:00Z'), 4]] })).type).toBe('ack');
    client.close();
    const withApp = await Client.connect(harness, { token: null, protocols: [`bearer.${TOKEN}`, 'kpi-signage.v1'] });
    expect(withApp.socket.protocol).toBe('kpi-signage.v1');
    withApp.close();
  });

  it('acks only once the points are in the SQLite file, then calls onPoints', async () => {
    harness = await startHarness();
    const client = await Client.connect(harness);
    const reply = await client.request({ type: 'points', id: 'm1', metric: 'inbound_leads', points: [['2026-12-03T10:00:00Z', 17], ['2026-12-03T12:00:00+01:00', null]] });
    expect(reply).toEqual({ type: 'ack', id: 'm1', accepted: 2 });
    // Read through a second connection the moment the ack arrives.
    expect(rowsOnDisk(harness, 'inbound_leads')).toEqual([
      [Date.parse('2026-12-03T10:00:00Z'), 17],
      [Date.parse('2026-12-03T11:00:00Z'), null],
    ]);
    expect(harness.pointsSeen).toHaveLength(1);
    expect([...harness.pointsSeen[0]!.metrics]).toEqual(['inbound_leads']);
    expect(harness.pointsSeen[0]!.points.get('inbound_leads')).toHaveLength(2);
    client.close();
  });

  it('reads times without an offset in the screen time zone, and epoch milliseconds as they are', async () => {
    harness = await startHarness({ timeZone: 'Europe/Berlin' });
    const client = await Client.connect(harness);
    const reply = await client.request({
      type: 'points',
      id: 'tz',
      metric: 'm',
      points: [['2026-12-03T10:00:00', 1], [1_780_000_000_000, 2], ['2026-07-01T10:00:00', 3], ['2026-12-03T10:00:00.250+05:30', 4], ['2026-03-29T02:30:00', 5]],
    });
    expect(reply).toEqual({ type: 'ack', id: 'tz', accepted: 5 });
    expect(rowsOnDisk(harness, 'm')).toEqual([
      // 02:30 does not exist on the morning clocks go forward in Berlin: it is read as 03:30 CEST.
      [Date.parse('2026-03-29T01:30:00Z'), 5],
      [1_780_000_000_000, 2],
      [Date.parse('2026-07-01T08:00:00Z'), 3],
      [Date.parse('2026-12-03T04:30:00.250Z'), 4],
      [Date.parse('2026-12-03T09:00:00Z'), 1],
    ]);
    client.close();
  });

  it('follows a time zone that changes (a getter: a new layout may move the screen)', async () => {
    let zone = 'Europe/Berlin';
    harness = await startHarness({ timeZone: () => zone });
    const client = await Client.connect(harness);
    await client.request({ type: 'points', id: 'a', metric: 'm', points: [['2026-12-03T10:00:00', 1]] });
    zone = 'America/New_York';
    await client.request({ type: 'points', id: 'b', metric: 'm', points: [['2026-12-03T10:00:00', 2]] });
    expect(rowsOnDisk(harness, 'm')).toEqual([
      [Date.parse('2026-12-03T09:00:00Z'), 1],
      [Date.parse('2026-12-03T15:00:00Z'), 2],
    ]);
    client.close();
  });

  it('stores a series batch of several metrics in one message', async () => {
    harness = await startHarness();
    const client = await Client.connect(harness);
    const reply = await client.request({
      type: 'points',
      id: 'm2',
      series: {
        search_traffic: [['2026-12-03T10:00:00Z', 900], ['2026-12-03T11:00:00Z', 950]],
        seo_rank: [['2026-12-03T10:00:00Z', 4.5]],
      },
    });
    expect(reply).toEqual({ type: 'ack', id: 'm2', accepted: 3 });
    expect(rowsOnDisk(harness, 'search_traffic').map(([, v]) => v)).toEqual([900, 950]);
    expect(rowsOnDisk(harness, 'seo_rank').map(([, v]) => v)).toEqual([4.5]);
    expect([...harness.pointsSeen[0]!.metrics].sort()).toEqual(['search_traffic', 'seo_rank']);
    client.close();
  });

  it('stores points of metrics no layout knows and names them in the ack', async () => {
    harness = await startHarness({ knownMetrics: () => new Set(['inbound_leads']) });
    const client = await Client.connect(harness);
    const reply = await client.request({ type: 'points', id: 'u', series: { inbound_leads: [[1_780_000_000_000, 1]], inbound_laeds: [[1_780_000_000_000, 2]] } });
    expect(reply).toEqual({ type: 'ack', id: 'u', accepted: 2, unknown: ['inbound_laeds'] });
    expect(rowsOnDisk(harness, 'inbound_laeds')).toHaveLength(1);
    client.close();
  });

  it('refuses unknown metrics with unknown_metric when told to, storing nothing of the message', async () => {
    harness = await startHarness({ knownMetrics: () => new Set(['inbound_leads']), rejectUnknownMetrics: true });
    const client = await Client.connect(harness);
    const reply = await client.request({ type: 'points', id: 'strict', series: { inbound_leads: [[1_780_000_000_000, 1]], inbound_laeds: [[1_780_000_000_000, 2]] } });
    expect(reply).toMatchObject({ type: 'error', id: 'strict', code: 'unknown_metric', path: 'series.inbound_laeds' });
    expect(rowsOnDisk(harness, 'inbound_leads')).toEqual([]);
    expect(await client.request({ type: 'points', id: 'ok', metric: 'inbound_leads', points: [[1_780_000_000_000, 1]] })).toEqual({ type: 'ack', id: 'ok', accepted: 1 });
    client.close();
  });

  it('answers every kind of bad message with a stable code, the id and the path, and keeps the connection', async () => {
    harness = await startHarness({ limits: { maxPayloadBytes: 2_000, maxFrameBytes: 100_000, maxPointsPerMessage: 5 } });
    const client = await Client.connect(harness);
    const cases: [unknown, Record<string, unknown>][] = [
      ['{"type":"points",', { code: 'invalid', id: null }],
      ['[1,2,3]', { code: 'invalid', id: null }],
      [{ type: 'pints', id: 'b1' }, { code: 'invalid', id: 'b1', path: 'type' }],
      [{ type: 'points', id: 'b2', series: { seo_rank: [['2026-12-03T10:00:00Z', 'four']] } }, { code: 'invalid', id: 'b2', path: 'series.seo_rank[0][1]' }],
      [{ type: 'points', id: 'b3', metric: 'x', points: [['yesterday', 1]] }, { code: 'invalid', id: 'b3', path: 'points[0][0]' }],
      [{ type: 'points', id: 'b4', metric: 'x', points: [[1_733_220_000, 1]] }, { code: 'invalid', id: 'b4', path: 'points[0][0]' }],
      ['{"type":"points","id":"b5","metric":"x","points":[[1780000000000, 1e400]]}', { code: 'invalid', id: 'b5', path: 'points[0][1]' }],
      [{ type: 'points', id: 'b6', metric: 'bad name!', points: [] }, { code: 'invalid', id: 'b6', path: 'metric' }],
      [{ type: 'points', id: 'b7', points: [[1_780_000_000_000, 1]] }, { code: 'invalid', id: 'b7', path: 'metric' }],
      [{ type: 'points', id: 'b8', metric: 'x', points: [[1_780_000_000_000, 1]], extra: true }, { code: 'invalid', id: 'b8', path: 'extra' }],
      [{ type: 'points', id: 'b9', metric: 'x', points: Array(6).fill([1_780_000_000_000, 1]) }, { code: 'too_large', id: 'b9' }],
      [JSON.stringify({ type: 'points', id: 'b10', metric: 'x', points: [[1_780_000_000_000, 1]], pad: 'x'.repeat(3_000) }), { code: 'too_large' }],
      [Buffer.from([0xff, 0x00, 0x7b]), { code: 'invalid' }],
      [{ type: 'points', id: 'b11', metric: 'x', points: [[1_780_000_000_000, 1, 2]] }, { code: 'invalid', id: 'b11', path: 'points[0]' }],
      [{ type: 'layout', id: 'b12', name: '../etc/passwd', layout: {} }, { code: 'invalid', id: 'b12', path: 'name' }],
      ['{"type":"points","id":"b13","series":{"__proto__":[[1780000000000,1]],"ok":[[1780000000000,2]]}}', { code: 'invalid', id: 'b13', path: 'series.__proto__' }],
      [{ type: 'points', id: 'b14', metric: '__proto__', points: [[1_780_000_000_000, 1]] }, { code: 'invalid', id: 'b14', path: 'metric' }],
    ];
    for (const [message, expected] of cases) {
      if (Buffer.isBuffer(message)) client.socket.send(message, { binary: true });
      else client.send(message);
      const reply = await client.next();
      expect(reply, JSON.stringify(message).slice(0, 80)).toMatchObject({ type: 'error', ...expected });
      expect(typeof reply.message).toBe('string');
      if (expected.path !== undefined) expect(reply.message).toContain(expected.path);
    }
    expect(await client.request({ type: 'points', id: 'good', metric: 'x', points: [[1_780_000_000_000, 1]] })).toEqual({ type: 'ack', id: 'good', accepted: 1 });
    expect(rowsOnDisk(harness, 'x')).toEqual([[1_780_000_000_000, 1]]);
    client.close();
  });

  it('answers messages beyond the rate with rate_limited and takes them again later', async () => {
    harness = await startHarness({ limits: { messagesPerSecond: 5 } });
    const client = await Client.connect(harness);
    for (let i = 0; i < 20; i++) client.send({ type: 'points', id: `r${i}`, metric: 'x', points: [[1_780_000_000_000 + i, i]] });
    const replies = await Promise.all(Array.from({ length: 20 }, () => client.next()));
    const limited = replies.filter((reply) => reply.code === 'rate_limited');
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0].id).toMatch(/^r\d+$/);
    expect(replies.filter((reply) => reply.type === 'ack').length).toBe(20 - limited.length);
    expect(rowsOnDisk(harness, 'x')).toHaveLength(20 - limited.length);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await client.request({ type: 'points', id: 'later', metric: 'x', points: [[1_780_000_000_100, 1]] })).type).toBe('ack');
    client.close();
  });

  it('validates a pushed layout: problems for a bad one, an atomic save and a callback for a good one', async () => {
    harness = await startHarness();
    writeFileSync(join(harness.layoutsDir, 'pushed.yaml'), 'title: old\n');
    const client = await Client.connect(harness);
    const bad = await client.request({ type: 'layout', id: 'l1', name: 'pushed', layout: { ...LAYOUT, tiles: [{ kpi: 'no_such_kpi', at: [0, 0] }] } });
    expect(bad).toMatchObject({ type: 'error', id: 'l1', code: 'invalid' });
    expect(bad.problems.length).toBeGreaterThan(0);
    expect(bad.problems[0].message).toContain('no_such_kpi');
    expect(harness.layoutsSeen).toHaveLength(0);
    expect(existsSync(join(harness.layoutsDir, 'pushed.json'))).toBe(false);

    const good = await client.request({ type: 'layout', id: 'l2', name: 'pushed', layout: LAYOUT });
    expect(good).toMatchObject({ type: 'ack', id: 'l2', layout: 'pushed', file: 'pushed.json' });
    expect(JSON.parse(readFileSync(join(harness.layoutsDir, 'pushed.json'), 'utf8'))).toEqual(LAYOUT);
    // One name, one page: the older YAML of the same page is gone; no temp file is left behind.
    expect(readdirSync(harness.layoutsDir)).toEqual(['pushed.json']);
    expect(harness.layoutsSeen).toHaveLength(1);
    expect(harness.layoutsSeen[0]!.layout.name).toBe('pushed');
    expect(harness.layoutsSeen[0]!.file).toBe(join(harness.layoutsDir, 'pushed.json'));
    client.close();
  });

  it('answers internal with the id when the disk refuses, and keeps the connection', async () => {
    harness = await startHarness();
    const broken = await startHarness({ layoutsDir: join(harness.dir, 'no', 'such', 'dir') });
    try {
      const client = await Client.connect(broken);
      const layout = await client.request({ type: 'layout', id: 'disk', name: 'pushed', layout: LAYOUT });
      expect(layout).toMatchObject({ type: 'error', id: 'disk', code: 'internal' });
      expect(layout.message).toContain('ENOENT');
      await broken.store.close();
      const points = await client.request({ type: 'points', id: 'closed', metric: 'x', points: [[1_780_000_000_000, 1]] });
      expect(points).toMatchObject({ type: 'error', id: 'closed', code: 'internal' });
      expect(points.message).toContain('nothing of this message was stored');
      client.close();
    } finally {
      await broken.close();
    }
  });

  it('refuses connections beyond maxConnections with HTTP 503', async () => {
    harness = await startHarness({ limits: { maxConnections: 2 } });
    const a = await Client.connect(harness);
    const b = await Client.connect(harness);
    await expect(Client.connect(harness)).rejects.toThrow('HTTP 503');
    a.close();
    b.close();
  });

  it('drops a peer that stopped answering pings', async () => {
    harness = await startHarness({ limits: { pingIntervalMs: 50 } });
    const answering = await Client.connect(harness);
    const silent = connect(harness.port, '127.0.0.1');
    // A hand-made handshake, then silence: this peer never answers a ping.
    silent.write(['GET /v1/ws HTTP/1.1', 'Host: x', 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13', `Authorization: Bearer ${TOKEN}`, '', ''].join('\r\n'));
    silent.on('data', () => undefined);
    const ended = new Promise<void>((resolve) => silent.on('close', () => resolve()));
    await ended;
    await waitFor(() => harness.server.connections() === 1, 'the server to forget the silent peer');
    expect((await answering.request({ type: 'points', id: 'alive', metric: 'x', points: [[1_780_000_000_000, 1]] })).type).toBe('ack');
    answering.close();
  });

  it('finishes answering and closes connections on close()', async () => {
    harness = await startHarness();
    const client = await Client.connect(harness);
    client.send({ type: 'points', id: 'last', metric: 'x', points: [[1_780_000_000_000, 1]] });
    const reply = client.next();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await harness.server.close();
    expect(await reply).toMatchObject({ type: 'ack', id: 'last' });
    await new Promise((resolve) => client.socket.readyState === WebSocket.CLOSED ? resolve(null) : client.socket.once('close', resolve));
    expect(client.closed?.code).toBe(1001);
  });
});
