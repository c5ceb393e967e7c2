#!/usr/bin/env node
// An example central server for a fleet of kpi-signage screens that dial out (`--connect`), for
// devices behind NAT. Each device connects to ws(s)://THIS/v1/devices with its own token
// (`Authorization: Bearer <the device's /etc/kpi-signage/token>`); the server knows which device
// that is, pushes it its layouts and the latest points on connect, and again whenever a layout file
// or a point changes. The messages are the device's push protocol (docs/DESIGN "Push protocol"):
// `layout` and `points` go to the device, `ack` and `error` come back.
//
//   node examples/central-server.mjs --fleet ./fleet [--listen 0.0.0.0:8443]
//        [--admin-token-file ./fleet/admin-token] [--tls-cert cert.pem --tls-key key.pem]
//
// The fleet folder:
//   devices.json    {"lobby": {"token": "…", "layouts": ["marketing"]},
//                    "warehouse": {"tokenFile": "tokens/warehouse", "layouts": "*"}}
//   layouts/*.yaml  the pages (also .json); edit one and every device showing it gets it
//   points.json     the kept points, written by this server so a restart loses nothing
//
// Points come in over HTTP with the admin token (same bodies as a device's POST /v1/points):
//   curl -H "Authorization: Bearer $(cat fleet/admin-token)" -H 'Content-Type: application/json' \
//        -d '{"metric":"inbound_leads","points":[["2026-12-03T10:00:00Z",17]]}' https://central:8443/v1/points
// and go to every connected device whose layouts name the metric. GET /v1/devices shows who is
// connected, the last ack and the last error of each. Only `ws` and `yaml` are needed (both are
// dependencies of kpi-signage, so this runs from a checkout after `npm ci`).
import { randomBytes, createHash, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, watch, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { WebSocketServer } from 'ws';
import { parse as parseYaml } from 'yaml';

/** Points kept per metric (the newest); older ones are dropped. */
export const KEEP_POINTS_PER_METRIC = 10_000;
/** Points per message to a device (a device refuses more than its maxPointsPerMessage, 10 000). */
export const POINTS_PER_MESSAGE = 5_000;
/** Largest HTTP body accepted on POST /v1/points. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** Wait this long after a layout file changes before reading it (editors write in steps). */
export const LAYOUT_SETTLE_MS = 300;
/** Write points.json at most this often. */
export const SAVE_EVERY_MS = 1_000;
/** Ping devices this often; a device that misses two pings is dropped (it will dial again). */
export const PING_EVERY_MS = 30_000;

const DEVICE_PATH = '/v1/devices';

/** Constant-time comparison of two tokens. */
function sameToken(a, b) {
  const digest = (text) => createHash('sha256').update(text, 'utf8').digest();
  return b.length > 0 && timingSafeEqual(digest(a), digest(b));
}

/** The bearer token of a request, or null. */
function bearerOf(request) {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match === null ? null : match[1];
}

/** Reads devices.json: name → { token, layouts: string[] | '*' }; errors say which device and what to fix. */
export function loadDevices(fleetDir) {
  const file = join(fleetDir, 'devices.json');
  let raw;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${error.message} (expected {"device-name": {"token": "…", "layouts": ["page"]}, …})`);
  }
  const devices = new Map();
  for (const [name, entry] of Object.entries(raw)) {
    let token = entry.token;
    if (token === undefined && typeof entry.tokenFile === 'string') token = readFileSync(resolve(fleetDir, entry.tokenFile), 'utf8');
    token = typeof token === 'string' ? token.trim() : '';
    if (token.length < 16) throw new Error(`${file}: device "${name}" needs "token" (or "tokenFile") with the device's /etc/kpi-signage/token`);
    const layouts = entry.layouts === undefined || entry.layouts === '*' ? '*' : entry.layouts;
    if (layouts !== '*' && !(Array.isArray(layouts) && layouts.every((l) => typeof l === 'string'))) {
      throw new Error(`${file}: device "${name}": "layouts" is a list of layout names or "*"`);
    }
    devices.set(name, { name, token, layouts });
  }
  return devices;
}

/** Reads every layout file (name = file name without extension); a bad file is reported and skipped. */
export function loadLayouts(layoutsDir, log) {
  const layouts = new Map();
  if (!existsSync(layoutsDir)) return layouts;
  for (const file of readdirSync(layoutsDir).sort()) {
    const match = /^([A-Za-z0-9_][A-Za-z0-9_-]{0,63})\.(ya?ml|json)$/.exec(file);
    if (match === null) continue;
    try {
      const text = readFileSync(join(layoutsDir, file), 'utf8');
      const layout = match[2] === 'json' ? JSON.parse(text) : parseYaml(text);
      if (layout === null || typeof layout !== 'object' || Array.isArray(layout)) throw new Error('not a mapping');
      layouts.set(match[1], layout);
    } catch (error) {
      log(`layout ${join(layoutsDir, file)} skipped: ${error.message} (devices keep the version they have)`);
    }
  }
  return layouts;
}

/** A point's time as epoch ms for ordering (ISO without offset counts as UTC here: order only). */
function timeOf([t]) {
  return typeof t === 'number' ? t : Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(t) ? t : `${t}Z`);
}

/** The metric → points lists of a POST /v1/points body, or an error text. */
export function pointsOfBody(body) {
  if (body === null || typeof body !== 'object') return 'expected a JSON object';
  const series = body.series ?? (typeof body.metric === 'string' ? { [body.metric]: body.points } : null);
  if (series === null || typeof series !== 'object') return 'expected {"metric": NAME, "points": [[time, value], …]} or {"series": {NAME: [[time, value], …]}}';
  for (const [metric, points] of Object.entries(series)) {
    if (!Array.isArray(points)) return `series.${metric}: expected a list of [time, value]`;
    for (const [index, point] of points.entries()) {
      const ok = Array.isArray(point) && point.length === 2 && (typeof point[0] === 'string' || typeof point[0] === 'number') && (typeof point[1] === 'number' || point[1] === null);
      if (!ok || !Number.isFinite(timeOf(point))) return `series.${metric}[${index}]: expected [ISO time or epoch ms, number or null]`;
    }
  }
  return series;
}

/** Starts the central server; resolves once it listens. */
export async function startCentral({ fleetDir, listen = '0.0.0.0:8443', adminToken, tls, log = console.log }) {
  const layoutsDir = join(fleetDir, 'layouts');
  const pointsFile = join(fleetDir, 'points.json');
  const devices = loadDevices(fleetDir);
  let layouts = loadLayouts(layoutsDir, log);
  /** metric → Map(time as sent → [time, value]) */
  const kept = new Map();
  if (existsSync(pointsFile)) {
    for (const [metric, points] of Object.entries(JSON.parse(readFileSync(pointsFile, 'utf8')))) {
      kept.set(metric, new Map(points.map((p) => [String(p[0]), p])));
    }
  }
  /** device name → { socket, pending: Map(id → kind), lastAck, lastError, connectedAt } */
  const sessions = new Map();
  const status = new Map([...devices.keys()].map((name) => [name, { lastAck: null, lastError: null, acked: 0 }]));
  let nextId = 1;

  const layoutNamesOf = (device) => (device.layouts === '*' ? [...layouts.keys()] : device.layouts.filter((n) => layouts.has(n)));
  /** The metrics a device shows, or null when one of its layouts does not say (send it everything). */
  const metricsOf = (device) => {
    const names = new Set();
    for (const name of layoutNamesOf(device)) {
      const metrics = layouts.get(name).metrics;
      if (metrics === null || typeof metrics !== 'object') return null;
      for (const metric of Object.keys(metrics)) names.add(metric);
    }
    return names;
  };

  const send = (name, message, kind) => {
    const session = sessions.get(name);
    if (session === undefined) return;
    const id = `c${nextId++}`;
    session.pending.set(id, kind);
    session.socket.send(JSON.stringify({ ...message, id }));
  };

  const sendPoints = (name, series) => {
    const device = devices.get(name);
    const wanted = metricsOf(device);
    let batch = {};
    let count = 0;
    const flush = () => {
      if (count > 0) send(name, { type: 'points', series: batch }, `points ×${count}`);
      batch = {};
      count = 0;
    };
    for (const [metric, points] of Object.entries(series)) {
      if (wanted !== null && !wanted.has(metric)) continue;
      for (let start = 0; start < points.length; start += POINTS_PER_MESSAGE) {
        const slice = points.slice(start, start + POINTS_PER_MESSAGE);
        if (count + slice.length > POINTS_PER_MESSAGE) flush();
        batch[metric] = [...(batch[metric] ?? []), ...slice];
        count += slice.length;
      }
    }
    flush();
  };

  const keptSeries = () => Object.fromEntries([...kept].map(([metric, points]) => [metric, [...points.values()].sort((a, b) => timeOf(a) - timeOf(b))]));

  const greet = (name) => {
    const device = devices.get(name);
    for (const layoutName of layoutNamesOf(device)) send(name, { type: 'layout', name: layoutName, layout: layouts.get(layoutName) }, `layout ${layoutName}`);
    sendPoints(name, keptSeries());
  };

  let saveTimer = null;
  const saveSoon = () => {
    if (saveTimer !== null) return;
    saveTimer = setTimeout(() => {
      saveTimer = null;
      const temp = `${pointsFile}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(keptSeries()));
      renameSync(temp, pointsFile);
    }, SAVE_EVERY_MS);
  };

  const takePoints = (series) => {
    let accepted = 0;
    for (const [metric, points] of Object.entries(series)) {
      const byTime = kept.get(metric) ?? new Map();
      for (const point of points) byTime.set(String(point[0]), point);
      if (byTime.size > KEEP_POINTS_PER_METRIC) {
        const newest = [...byTime.values()].sort((a, b) => timeOf(a) - timeOf(b)).slice(-KEEP_POINTS_PER_METRIC);
        byTime.clear();
        for (const point of newest) byTime.set(String(point[0]), point);
      }
      kept.set(metric, byTime);
      accepted += points.length;
    }
    for (const name of sessions.keys()) sendPoints(name, series);
    saveSoon();
    return accepted;
  };

  // Layout files: reread after a quiet moment, push what changed to the devices that show it.
  let layoutTimer = null;
  const layoutWatcher = existsSync(layoutsDir)
    ? watch(layoutsDir, () => {
        clearTimeout(layoutTimer);
        layoutTimer = setTimeout(() => {
          const before = layouts;
          layouts = loadLayouts(layoutsDir, log);
          for (const [layoutName, layout] of layouts) {
            if (JSON.stringify(before.get(layoutName)) === JSON.stringify(layout)) continue;
            log(`layout ${layoutName} changed`);
            for (const name of sessions.keys()) {
              if (!layoutNamesOf(devices.get(name)).includes(layoutName)) continue;
              send(name, { type: 'layout', name: layoutName, layout }, `layout ${layoutName}`);
              sendPoints(name, keptSeries()); // metrics the new version names for the first time
            }
          }
        }, LAYOUT_SETTLE_MS);
      })
    : null;

  const reply = (response, code, body) => {
    response.writeHead(code, { 'Content-Type': 'application/json' }).end(`${JSON.stringify(body)}\n`);
  };
  const onRequest = (request, response) => {
    const url = new URL(request.url ?? '/', 'http://central');
    if (!sameToken(bearerOf(request) ?? '', adminToken)) return reply(response, 401, { error: 'send Authorization: Bearer <admin token>' });
    if (request.method === 'GET' && url.pathname === '/v1/devices') {
      const list = [...devices.keys()].map((name) => ({
        name,
        connected: sessions.has(name),
        pending: sessions.get(name)?.pending.size ?? 0,
        layouts: layoutNamesOf(devices.get(name)),
        ...status.get(name),
      }));
      return reply(response, 200, { devices: list });
    }
    if (request.method === 'POST' && url.pathname === '/v1/points') {
      const chunks = [];
      let size = 0;
      request.on('data', (chunk) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) request.destroy();
        else chunks.push(chunk);
      });
      request.on('end', () => {
        let body;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch (error) {
          return reply(response, 400, { error: `not JSON: ${error.message}` });
        }
        const series = pointsOfBody(body);
        if (typeof series === 'string') return reply(response, 400, { error: series });
        return reply(response, 200, { accepted: takePoints(series), devices: sessions.size });
      });
      return undefined;
    }
    return reply(response, 404, { error: 'routes: GET /v1/devices, POST /v1/points; devices connect to ws(s)://…/v1/devices' });
  };

  const server = tls ? createHttpsServer({ cert: readFileSync(tls.cert), key: readFileSync(tls.key) }, onRequest) : createHttpServer(onRequest);
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (request, socket, head) => {
    const token = bearerOf(request);
    const device = token === null ? undefined : [...devices.values()].find((d) => sameToken(token, d.token));
    if (new URL(request.url ?? '/', 'http://central').pathname !== DEVICE_PATH || device === undefined) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sessions.get(device.name)?.socket.terminate(); // a device that reconnects replaces its old link
      const session = { socket: ws, pending: new Map(), alive: true };
      sessions.set(device.name, session);
      log(`device ${device.name} connected from ${request.socket.remoteAddress}`);
      ws.on('pong', () => (session.alive = true));
      ws.on('message', (data) => {
        let message;
        try {
          message = JSON.parse(String(data));
        } catch {
          return log(`device ${device.name} sent something that is not JSON`);
        }
        const kind = session.pending.get(message.id) ?? 'unknown message';
        session.pending.delete(message.id);
        const state = status.get(device.name);
        if (message.type === 'ack') {
          state.lastAck = { id: message.id, what: kind, at: new Date().toISOString() };
          state.acked += 1;
        } else if (message.type === 'error') {
          state.lastError = { id: message.id, what: kind, code: message.code, message: message.message, path: message.path, at: new Date().toISOString() };
          log(`device ${device.name} refused ${kind} (${message.id}): ${message.code}: ${message.message}${message.path ? ` at ${message.path}` : ''}`);
        }
      });
      ws.on('close', () => {
        if (sessions.get(device.name) === session) sessions.delete(device.name);
        log(`device ${device.name} disconnected`);
      });
      greet(device.name);
    });
  });
  const pinger = setInterval(() => {
    for (const session of sessions.values()) {
      if (!session.alive) session.socket.terminate();
      session.alive = false;
      session.socket.ping();
    }
  }, PING_EVERY_MS);

  const match = /^(.*):(\d+)$/.exec(listen);
  if (match === null) throw new Error(`--listen ${listen}: expected HOST:PORT`);
  await new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(Number(match[2]), match[1].replace(/^\[|\]$/g, ''), resolveListen);
  });
  const address = server.address();
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${tls ? 'wss' : 'ws'}://${host}:${address.port}${DEVICE_PATH}`;
  log(`central: ${devices.size} device(s), ${layouts.size} layout(s); devices connect to ${url}`);
  return {
    url,
    port: address.port,
    async stop() {
      clearInterval(pinger);
      clearTimeout(layoutTimer);
      layoutWatcher?.close();
      for (const session of sessions.values()) session.socket.close(1001, 'central server stopping');
      await new Promise((done) => server.close(() => done()));
      if (saveTimer !== null) {
        clearTimeout(saveTimer);
        saveTimer = null;
        writeFileSync(pointsFile, JSON.stringify(keptSeries()));
      }
    },
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      fleet: { type: 'string' },
      listen: { type: 'string', default: '0.0.0.0:8443' },
      'admin-token-file': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || values.fleet === undefined) {
    console.log('usage: node examples/central-server.mjs --fleet DIR [--listen HOST:PORT] [--admin-token-file F] [--tls-cert F --tls-key F]\n(see the comment at the top of this file and docs/DEPLOY.md)');
    process.exit(values.help ? 0 : 2);
  }
  const fleetDir = resolve(values.fleet);
  const adminFile = resolve(values['admin-token-file'] ?? join(fleetDir, 'admin-token'));
  if (!existsSync(adminFile)) {
    writeFileSync(adminFile, `${randomBytes(24).toString('hex')}\n`, { mode: 0o600 });
    console.log(`central: wrote a new admin token to ${adminFile}`);
  }
  const tls = values['tls-cert'] && values['tls-key'] ? { cert: values['tls-cert'], key: values['tls-key'] } : undefined;
  const central = await startCentral({ fleetDir, listen: values.listen, adminToken: readFileSync(adminFile, 'utf8').trim(), tls });
  const stop = () => central.stop().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(`central: ${error.message}`);
    process.exit(1);
  });
}
