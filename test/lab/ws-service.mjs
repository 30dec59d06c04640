#!/usr/bin/env node
/**
 * A lab WebSocket market-data feed, for load tests: a client sends {"subscribe":"SYMBOL"} and
 * gets a tick {"symbol", "price", "seq"} every --tick-ms (default 10) until it closes. Loopback
 * only. Prints one JSON line when ready: {"port":…, "controlPort":…}; the control port answers
 * GET /stats {"sockets": open connections, "subscriptions": subscribes received}.
 * Ends on SIGTERM/SIGINT, or when its parent's stdin closes.
 */
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { WebSocketServer } from 'ws';
import { endWithParent } from './end-with-parent.mjs';

const { values } = parseArgs({ options: { 'tick-ms': { type: 'string', default: '10' } } });
const tickMs = Number(values['tick-ms']);
let subscriptions = 0;

const http = createServer((_request, response) => response.writeHead(426, { connection: 'close' }).end('WebSocket only'));
const feed = new WebSocketServer({ server: http, path: '/feed' });
feed.on('connection', (socket) => {
  let timer;
  socket.on('message', (data) => {
    let symbol;
    try {
      symbol = JSON.parse(String(data)).subscribe;
    } catch {
      return socket.close(1003, 'not JSON');
    }
    if (typeof symbol !== 'string') return socket.close(1003, 'subscribe to a symbol');
    subscriptions++;
    let seq = 0;
    clearInterval(timer);
    timer = setInterval(() => socket.send(JSON.stringify({ symbol, price: 101.5, seq: ++seq })), tickMs);
  });
  socket.on('close', () => clearInterval(timer));
});

const control = createServer((request, response) => {
  if (request.url === '/stats') response.writeHead(200, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify({ sockets: feed.clients.size, subscriptions }));
  else response.writeHead(404, { connection: 'close' }).end();
});

const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
const [port, controlPort] = await Promise.all([listen(http), listen(control)]);
process.stdout.write(`${JSON.stringify({ port, controlPort })}\n`);

endWithParent(() => {
  for (const client of feed.clients) client.terminate();
});
