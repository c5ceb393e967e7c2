// Hundreds of malformed messages from a seeded generator: every one is answered with an error
// (or, when it happens to be valid, an ack), nothing crashes, and the connection keeps working.
import { afterEach, describe, expect, it } from 'vitest';
import { Client, startHarness, type Harness } from './helpers.js';
import { seeded } from '../../scripts/seeded.mjs';


const VALID = { type: 'points', id: 'v', metric: 'fuzz', points: [['2026-12-03T10:00:00Z', 1]] };

/** One malformed message: text (string) or binary (Buffer). */
function malformed(random: () => number, index: number): string | Buffer {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const junk = (length: number) => Array.from({ length }, () => String.fromCharCode(32 + Math.floor(random() * 95))).join('');
  const weird = () => pick<unknown>([null, true, -0, 1e308, -1e308, 'x', '', [], {}, [[]], { t: 1 }, 'NaN', '2026-13-45T99:00:00Z', '\u0000', 9_007_199_254_740_993, [1, 2, 3]]);
  const valid = JSON.stringify(VALID);
  switch (index % 12) {
    case 0:
      return junk(1 + Math.floor(random() * 200));
    case 1:
      return valid.slice(0, Math.floor(random() * valid.length));
    case 2:
      return JSON.stringify({ ...VALID, id: `f${index}`, [pick(['type', 'id', 'metric', 'points'])]: weird() });
    case 3:
      return JSON.stringify({ ...VALID, id: `f${index}`, points: [[weird(), weird()]] });
    case 4:
      return `{"type":"points","id":"f${index}","metric":"fuzz","points":[["2026-12-03T10:00:00Z",${pick(['1e400', '-1e400', '1e999999', '123456789012345678901234567890e300'])}]]}`;
    case 5: {
      const depth = 10 + Math.floor(random() * 20_000);
      return pick([`${'['.repeat(depth)}${']'.repeat(depth)}`, `{"type":"points","id":"f${index}","metric":"fuzz","points":${'['.repeat(depth)}${']'.repeat(depth)}}`, `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`]);
    }
    case 6:
      return Buffer.from(Array.from({ length: 1 + Math.floor(random() * 300) }, () => Math.floor(random() * 256)));
    case 7:
      return JSON.stringify({ type: 'points', id: `f${index}`, series: Object.fromEntries(Array.from({ length: 1 + Math.floor(random() * 3) }, (_, k) => [pick(['ok', '', 'bad name', '../x', `m${k}`]), pick([[[weird(), 1]], weird(), [['2026-12-03T10:00:00Z', weird()]]])])) });
    case 8:
      return JSON.stringify({ type: 'points', id: `f${index}`, metric: 'fuzz', points: [['2026-12-03T10:00:00Z', 1]], pad: 'p'.repeat(20_000 + Math.floor(random() * 20_000)) });
    case 9:
      return `{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"type":"${pick(['points', 'layout', 'ack'])}","id":"f${index}"}`;
    case 10:
      return JSON.stringify({ type: 'layout', id: `f${index}`, name: pick(['', 'a/b', '..', 'ok', 'x'.repeat(100)]), layout: weird() });
    default:
      return JSON.stringify(pick([weird(), [VALID], { type: 'points' }, { type: 'points', id: {}, series: [] }, 'points']));
  }
}

describe('push server under malformed input', () => {
  let harness: Harness;
  afterEach(async () => harness?.close());

  it('answers each of 600 malformed messages and keeps working', async () => {
    harness = await startHarness({ limits: { messagesPerSecond: 100_000, maxPayloadBytes: 32_768, maxFrameBytes: 1_048_576 } });
    const client = await Client.connect(harness);
    const random = seeded(20261203);
    const count = 600;
    const sent: (string | Buffer)[] = [];
    for (let i = 0; i < count; i++) {
      const message = malformed(random, i);
      sent.push(message);
      if (Buffer.isBuffer(message)) client.socket.send(message, { binary: true });
      else client.socket.send(message);
    }
    const replies = [];
    for (let i = 0; i < count; i++) replies.push(await client.next());
    const codes = new Set(replies.map((reply) => (reply.type === 'error' ? reply.code : 'ack')));
    expect([...codes].sort()).toEqual(expect.arrayContaining(['invalid', 'too_large']));
    for (const reply of replies) {
      expect(['ack', 'error']).toContain(reply.type);
      if (reply.type === 'error') expect(reply.message.length).toBeGreaterThan(10);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(client.closed).toBeNull();
    expect(await client.request({ ...VALID, id: 'after' })).toEqual({ type: 'ack', id: 'after', accepted: 1 });
    client.close();
  });

  it('closes only the connection of a frame beyond maxFrameBytes (1009), and takes new connections', async () => {
    harness = await startHarness({ limits: { maxPayloadBytes: 1_000, maxFrameBytes: 10_000 } });
    const client = await Client.connect(harness);
    client.send('x'.repeat(20_000));
    await new Promise((resolve) => client.socket.once('close', resolve));
    expect(client.closed?.code).toBe(1009);
    const next = await Client.connect(harness);
    expect((await next.request({ ...VALID, id: 'n' })).type).toBe('ack');
    next.close();
  });
});
