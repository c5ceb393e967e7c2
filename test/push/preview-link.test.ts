import { afterEach, describe, expect, it } from 'vitest';
import { TOKEN, startHarness, type Harness } from './helpers.js';

// The demo prints http://host:port/?token=…: one click opens the live preview, no login prompt.
describe('preview link with the token', () => {
  let harness: Harness;
  afterEach(async () => harness?.close());

  it('trades the token in the link for an HttpOnly cookie and drops it from the address', async () => {
    harness = await startHarness();
    const link = await fetch(`${harness.url}/?token=${TOKEN}`, { redirect: 'manual' });
    expect(link.status).toBe(303);
    expect(link.headers.get('location')).toBe('/');
    const cookie = link.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);

    const jar = cookie.split(';')[0]!;
    const page = await fetch(`${harness.url}/`, { headers: { Cookie: jar } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<img/);
    const health = await fetch(`${harness.url}/v1/health`, { headers: { Cookie: jar } });
    expect(health.status).toBe(200);
  });

  it('gives nothing for a wrong token in the link or a forged cookie', async () => {
    harness = await startHarness();
    const link = await fetch(`${harness.url}/?token=wrong`, { redirect: 'manual' });
    expect(link.status).toBe(401);
    expect(link.headers.get('set-cookie')).toBeNull();
    const forged = await fetch(`${harness.url}/v1/health`, { headers: { Cookie: 'kpi_signage_token=wrong' } });
    expect(forged.status).toBe(401);
    const points = await fetch(`${harness.url}/v1/points`, { method: 'POST', headers: { Cookie: 'kpi_signage_token=%E0%A4%A' }, body: '{}' });
    expect(points.status).toBe(401);
  });
});
