import { defineConfig } from 'vitest/config';

// The slow deploy test: deploy/pi-setup.sh for real inside a Debian root (systemd-nspawn), twice,
// then the root booted with systemd. Minutes, root and network to the Debian mirror and the npm
// registry: `npm run test:deploy` (not part of `npm test`).
export default defineConfig({
  test: {
    include: ['test/deploy/**/*.slow.ts'],
    testTimeout: 45 * 60_000,
    hookTimeout: 45 * 60_000,
    fileParallelism: false,
  },
});
