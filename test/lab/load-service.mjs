#!/usr/bin/env node
/**
 * A lab HTTP service with a known capacity, for load tests: every request costs a fixed time
 * on one of N workers, so the service answers at most N × 1000 / cost requests per second and
 * queues the rest (its latency then grows without bound, as a saturated server's does). It
 * listens on loopback only.
 *
 *   node test/lab/load-service.mjs [--workers N] [--cost-ms MS] [--host 127.0.0.1]
 *
 * Prints one JSON line when ready: {"port":…, "controlPort":…}. The control port (separate, so
 * asking does not change what is measured) answers:
 *   GET  /stats        {"sockets": open connections to the service, "served", "queued", "maxQueued"}
 *   POST /pause?ms=N   no worker starts a request for N ms from now (a stall: GC, a lock, a disk)
 * Service paths: /quote → 200 JSON, POST /order → 201 JSON, /status/NNN → that status, else 200 "ok".
 * Ends on SIGTERM/SIGINT, or when its parent's stdin closes (so a crashed test leaves nothing behind).
 */
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    workers: { type: 'string', default: '4' },
    'cost-ms': { type: 'string', default: '5' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});
const workers = Number(values.workers);
const costMs = Number(values['cost-ms']);
if (!(workers >= 1 && costMs >= 0)) throw new Error('--workers must be ≥ 1 and --cost-ms ≥ 0');
if (!/^127\.|^localhost$|^::1$/.test(values.host)) throw new Error('the lab service listens on loopback only');

const pool = Array.from({ length: workers }, () => ({ busy: false, freeAt: 0 }));
let served = 0;
let maxQueued = 0;
let pausedUntil = 0;
const queue = [];
const sockets = new Set();
let pauseTimer;

function answer(request, response) {
  const url = new URL(request.url ?? '/', 'http://lab');
  const status = /^\/status\/(\d{3})$/.exec(url.pathname);
  if (status) {
    response.writeHead(Number(status[1]), { 'content-type': 'text/plain' }).end(`status ${status[1]}`);
  } else if (url.pathname === '/quote') {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ symbol: url.searchParams.get('symbol') ?? 'ACME', price: 101.5, n: served }));
  } else if (url.pathname === '/order' && request.method === 'POST') {
    response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ order: { state: 'accepted', id: served } }));
  } else {
    response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  }
  served++;
}

/**
 * Starts queued requests on free workers, unless paused. Each worker keeps its own clock: a
 * request starts when it arrived or when the worker's previous one ended, whichever is later,
 * and ends costMs after that — so a timer that fires late does not lower the capacity, which
 * stays exactly workers × 1000 / costMs requests per second under a backlog.
 */
function dispatch() {
  const now = performance.now();
  if (now < pausedUntil) {
    clearTimeout(pauseTimer);
    pauseTimer = setTimeout(dispatch, pausedUntil - now);
    return;
  }
  for (const worker of pool) {
    if (worker.busy || queue.length === 0) continue;
    const { request, response, arrived } = queue.shift();
    worker.busy = true;
    const start = Math.max(arrived, worker.freeAt, pausedUntil);
    worker.freeAt = start + costMs;
    setTimeout(() => {
      worker.busy = false;
      // A client that hung up is not served (and not counted).
      if (!request.socket.destroyed) answer(request, response);
      dispatch();
    }, Math.max(0, worker.freeAt - performance.now()));
  }
}

const service = createServer((request, response) => {
  // The body is read in full before the request counts as arrived, as a real server would.
  request.resume();
  request.on('end', () => {
    queue.push({ request, response, arrived: performance.now() });
    maxQueued = Math.max(maxQueued, queue.length);
    dispatch();
  });
});
service.keepAliveTimeout = 60_000;
service.on('connection', (socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
});

const control = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://lab');
  if (url.pathname === '/stats') {
    response.writeHead(200, { 'content-type': 'application/json', connection: 'close' });
    response.end(JSON.stringify({ sockets: sockets.size, served, queued: queue.length, maxQueued }));
  } else if (url.pathname === '/pause' && request.method === 'POST') {
    const ms = Number(url.searchParams.get('ms') ?? '1000');
    pausedUntil = performance.now() + ms;
    response.writeHead(200, { connection: 'close' }).end(JSON.stringify({ pausedForMs: ms }));
  } else {
    response.writeHead(404, { connection: 'close' }).end();
  }
});

const listen = (server) => new Promise((resolve) => server.listen(0, values.host, () => resolve(server.address().port)));
const [port, controlPort] = await Promise.all([listen(service), listen(control)]);
process.stdout.write(`${JSON.stringify({ port, controlPort, workers, costMs })}\n`);

function shutdown() {
  for (const socket of sockets) socket.destroy();
  service.close();
  control.close();
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
process.stdin.on('end', shutdown);
process.stdin.on('close', shutdown);
process.stdin.resume();
