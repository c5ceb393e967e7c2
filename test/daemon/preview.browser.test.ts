// The preview page in a real headless Chromium (Debian's /usr/bin/chromium via playwright-core):
// it shows the live screen image and swaps it after a push.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { DaemonProcess, smallLayout, workspace } from './helpers/daemon-process.js';

const CHROMIUM = '/usr/bin/chromium';
let daemon: DaemonProcess | null = null;
let browser: Browser | null = null;
afterEach(async () => {
  await browser?.close();
  daemon?.signal('SIGKILL');
  await daemon?.exited;
});

describe.skipIf(!existsSync(CHROMIUM))('preview page in Chromium', () => {
  it('shows the screen image and updates it after a push', async () => {
    const ws = workspace();
    writeFileSync(join(ws.layouts, 'leads.yaml'), smallLayout('Leads'));
    daemon = new DaemonProcess(ws);
    await daemon.ready();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    // The page asks for the token with Basic auth (any user name, the token as password).
    const context = await browser.newContext({ httpCredentials: { username: 'kpi', password: daemon.token } });
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${daemon.port}/`);
    const image = page.locator('img#screen');
    // Browser-side code as strings: the test compiles without the DOM typings.
    const loaded = "(() => { const img = document.querySelector('img#screen'); return img !== null && img.complete && img.naturalWidth > 0; })()";
    await page.waitForFunction(loaded);
    expect(await page.evaluate("(() => { const img = document.querySelector('img#screen'); return [img.naturalWidth, img.naturalHeight]; })()")).toEqual([480, 270]);
    const before = await image.getAttribute('src');

    const client = await daemon.socket();
    const now = new Date();
    const ack = await client.request({ type: 'points', id: 'b1', metric: 'leads', points: [[new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1, 9)).toISOString(), 987]] });
    expect(ack).toMatchObject({ type: 'ack', accepted: 1 });
    await page.waitForFunction(`(() => { const img = document.querySelector('img#screen'); return img.src !== ${JSON.stringify(before)} && ${loaded}; })()`, undefined, { timeout: 15_000 });
    client.close();
  });
});
