// A real browser (Debian's /usr/bin/chromium via playwright-core) pushes over WebSocket with the
// token as a `bearer.<token>` subprotocol, the one way a browser can send it.
import { existsSync } from 'node:fs';
import { Canvas } from 'canvas';
import { chromium, type Browser } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { TOKEN, rowsOnDisk, startHarness, type Harness } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';

describe.skipIf(!existsSync(CHROMIUM))('push from a browser', () => {
  let harness: Harness | undefined;
  let browser: Browser | undefined;
  afterEach(async () => {
    await browser?.close();
    await harness?.close();
  });

  it('connects with the bearer.<token> subprotocol and gets the ack; a wrong token never opens', async () => {
    harness = await startHarness();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
    // No HTTP credentials in this browser: the subprotocol is the only place the token is. The
    // page is on the device's origin (a 401 page will do): Chromium blocks pages from elsewhere
    // from opening connections into the local network.
    const page = await (await browser.newContext()).newPage();
    expect((await page.goto(`${harness.url}/v1/health`))?.status()).toBe(401);
    // Browser-side code as a string: the test compiles without the DOM typings.
    const push = (token: string) => `new Promise((resolve) => {
      const ws = new WebSocket('ws://127.0.0.1:${harness!.port}/v1/ws', ['bearer.' + ${JSON.stringify(token)}]);
      ws.onopen = () => ws.send(JSON.stringify({ type: 'points', id: 'browser-1', metric: 'from_browser', points: [['2026-12-03T10:00:00Z', 42]] }));
      ws.onmessage = (event) => { resolve({ protocol: ws.protocol, reply: JSON.parse(event.data) }); ws.close(); };
      ws.onclose = (event) => resolve({ closed: event.code });
    })`;
    expect(await page.evaluate(push(TOKEN))).toEqual({ protocol: `bearer.${TOKEN}`, reply: { type: 'ack', id: 'browser-1', accepted: 1 } });
    expect(rowsOnDisk(harness, 'from_browser')).toEqual([[Date.parse('2026-12-03T10:00:00Z'), 42]]);
    // A refused handshake (401) looks like an abnormal closure (1006) to page code.
    expect(await page.evaluate(push('wrong'))).toEqual({ closed: 1006 });
  });

  it('shows the snapshot on the preview page after the browser logs in, and swaps it when the frame changes', async () => {
    const small = new Canvas(40, 30).toBuffer('image/png');
    const large = new Canvas(80, 60).toBuffer('image/png');
    let frame: Buffer = small;
    harness = await startHarness({ snapshot: () => frame, previewPollMs: 100 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
    const page = await (await browser.newContext({ httpCredentials: { username: 'kpi', password: TOKEN } })).newPage();
    expect((await page.goto(`${harness.url}/`))?.status()).toBe(200);
    const width = (expected: number) => `(() => { const img = document.querySelector('img#screen'); return img !== null && img.complete && img.naturalWidth === ${expected}; })()`;
    await page.waitForFunction(width(40));
    frame = large;
    await page.waitForFunction(width(80));
  });
});
