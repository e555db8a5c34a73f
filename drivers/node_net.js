// SPDX-License-Identifier: Apache-2.0
// node-net: net.Server.listen({backlog}) (lib/net.js setupListenHandle:
// this._handle.listen(backlog || 511)). Once listening, the event loop is blocked for good
// (Atomics.wait), so libuv never accepts.
'use strict';
const net = require('net');
const [backlog, port] = [process.argv[2], Number(process.argv[3])];
process.stdout.write(`version ${process.versions.node}\n`);
const options = { host: '127.0.0.1', port };
if (backlog !== 'default') options.backlog = Number(backlog);
const server = net.createServer();
server.listen(options, () => {
  require('fs').writeSync(1, 'listening\n');
  const cell = new Int32Array(new SharedArrayBuffer(4));
  for (;;) Atomics.wait(cell, 0, 0, 3600 * 1000);
});
