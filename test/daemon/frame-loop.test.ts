import { describe, expect, it } from 'vitest';
import { FrameLoop } from '../../src/daemon/frame-loop.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('FrameLoop', () => {
  it('turns a burst of requests into few frames, the last one drawing the newest state', async () => {
    let state = 0;
    const drawn: number[] = [];
    const loop = new FrameLoop({
      maxFramesPerSecond: 10,
      minuteTick: false,
      onError: (e) => {
        throw e;
      },
      draw: async () => {
        drawn.push(state);
        await sleep(5);
      },
    });
    loop.start();
    for (let i = 1; i <= 200; i += 1) {
      state = i;
      loop.request('push');
      if (i % 20 === 0) await sleep(10);
    }
    while (loop.busy) await sleep(20);
    await loop.stop();
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn.length).toBeLessThan(200);
    expect(drawn[drawn.length - 1]).toBe(200);
  });

  it('draws nothing while nothing is requested', async () => {
    let frames = 0;
    const loop = new FrameLoop({ minuteTick: false, onError: () => {}, draw: async () => void (frames += 1) });
    loop.start();
    await sleep(300);
    expect(frames).toBe(0);
    loop.request('x');
    while (loop.busy) await sleep(10);
    expect(frames).toBe(1);
    await loop.stop();
  });

  it('keeps going after a frame throws', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const loop = new FrameLoop({
      maxFramesPerSecond: 100,
      minuteTick: false,
      onError: (e) => errors.push(e),
      draw: async () => {
        calls += 1;
        if (calls === 1) throw new Error('sink gone');
      },
    });
    loop.start();
    loop.request('a');
    while (loop.busy) await sleep(5);
    loop.request('b');
    while (loop.busy) await sleep(5);
    await loop.stop();
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
  });
});
