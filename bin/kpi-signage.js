#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `npm ci` through the prepare script).
// For the long-running daemon, the systemd unit sets MALLOC_ARENA_MAX=2 and
// MALLOC_MMAP_THRESHOLD_=32768: glibc reads them only at process start, and they keep resident
// memory flat (bench/idle.mjs, docs/PERFORMANCE.md).
await import('../dist/cli.js');
