/**
 * The preview page at `/`: the live screen in a browser. It polls /v1/snapshot.png with
 * If-None-Match and swaps the image only when the frame changed. No framework, no build.
 */

/** How often the preview page asks whether the frame changed. */
export const PREVIEW_POLL_MS = 1_000;

/** The preview page's HTML. */
export function previewPage(pollMs: number = PREVIEW_POLL_MS): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kpi-signage preview</title>
<style>
  html, body { margin: 0; height: 100%; background: #111; color: #aaa; font: 14px system-ui, sans-serif; }
  main { display: flex; height: 100%; align-items: center; justify-content: center; }
  img { max-width: 100%; max-height: 100%; box-shadow: 0 0 0 1px #333; }
  #state { position: fixed; right: 8px; bottom: 6px; }
</style>
</head>
<body>
<main><img id="screen" alt="the signage screen"></main>
<div id="state">connecting…</div>
<script>
  const image = document.getElementById('screen');
  const state = document.getElementById('state');
  let etag = '';
  async function poll() {
    try {
      const response = await fetch('/v1/snapshot.png', { cache: 'no-store', headers: etag ? { 'If-None-Match': etag } : {} });
      if (response.status === 200) {
        etag = response.headers.get('ETag') || '';
        const url = URL.createObjectURL(await response.blob());
        const old = image.src;
        image.src = url;
        if (old.startsWith('blob:')) URL.revokeObjectURL(old);
        state.textContent = 'frame of ' + new Date().toLocaleTimeString();
      } else if (response.status === 503) {
        state.textContent = 'no frame drawn yet';
      } else if (response.status !== 304) {
        state.textContent = 'snapshot: HTTP ' + response.status;
      }
    } catch (error) {
      state.textContent = 'device unreachable';
    }
    setTimeout(poll, ${Math.max(100, Math.round(pollMs))});
  }
  poll();
</script>
</body>
</html>
`;
}
