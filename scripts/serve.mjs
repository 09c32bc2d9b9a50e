// Starts the built service: refuses the wrong Node.js, starts the Astro server, then makes one
// request to /health so the database, migrations and outbox worker start (or fail with a clear
// message) before real traffic arrives.
import './check-node.mjs';

process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const { startServer } = await import('../dist/server/entry.mjs');
const { server } = startServer();
const http = server.server;
if (!http.listening) await new Promise((resolve) => http.once('listening', resolve));

const address = http.address();
const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
const response = await fetch(`http://${host}:${address.port}/health`);
if (response.status >= 500 && response.status !== 503) {
  process.stderr.write(`The service did not start: /health answered ${response.status}\n`);
  process.exit(1);
}
process.stdout.write(`Ready on http://${host}:${address.port}/\n`);

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    http.close();
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
