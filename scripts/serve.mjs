// Starts the built service. It refuses the wrong Node.js, then starts the runtime (environment
// read and checked, database migrated, outbox worker running) with one request to /health on a
// private loopback port, so a bad setting (PORT and HOST included) stops start-up with one line
// naming the variable before anything listens where people can reach it. It serves the Astro app
// through Node's own HTTP server so every response carries the security headers: static files
// from memory, already compressed (static-files.mjs), and each page compressed once, whole
// (Astro renders it in one piece: experimentalDisableStreaming in astro.config.mjs).
import './check-node.mjs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { constants } from 'node:zlib';
import compression from 'compression';
import { loadStaticFiles, serveStaticFile } from './static-files.mjs';
import { drainUnreadBody, endDrains } from './unread-body.mjs';

// Node's own warnings (a deprecation, a listener leak) as JSON lines like every other log line.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  process.stderr.write(
    `${JSON.stringify({ time: new Date().toISOString(), level: 'warn', msg: 'node warning', warningName: warning.name, warning: warning.message })}\n`,
  );
});

// The runtime has checked these by the time they are used (see the top of the file); a blank value is unset, as there.
const setting = (name) => process.env[name]?.trim() || undefined;
const isProduction = setting('NODE_ENV') === 'production';

// The runtime starts inside the built app on the first request and hands over its stop function
// with this event (RUNTIME_STARTED_EVENT in src/server/runtime.ts says why an event), so the
// listener must be in place before the app is imported.
let stopRuntime;
process.once('complaints:runtime-started', ({ stop }) => {
  stopRuntime = stop;
});
// Answers to journey questions are taken before Astro and handed to it when there is a page to
// render (JOURNEY_POSTS_EVENT in src/server/journeys/journey-posts.ts says why), offered the same way.
let answerJourneyPost;
process.once('complaints:journey-posts', (answer) => {
  answerJourneyPost = answer;
});

process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const { handler } = await import('../dist/server/entry.mjs');

// The pages set their own (fuller) headers; these make sure static files get them too.
const BASELINE_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
  ...(isProduction ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
};

/** The methods the service answers; any other gets the GOV.UK "cannot do that" page with 405. */
const ALLOWED_METHODS = new Set(['GET', 'HEAD', 'POST']);
const METHOD_NOT_ALLOWED_PAGE = '/method-not-allowed';

const staticFiles = loadStaticFiles(fileURLToPath(new URL('../dist/client', import.meta.url)));

// Brotli at quality 5 compresses HTML nearly as well as the default 11 at a fraction of the CPU,
// which matters because most pages are rendered per request: a 13.7 KB question page becomes
// 4.1 KB in 0.3 ms (quality 4: 4.5 KB, no faster once the page is compressed whole). A 64 KB
// window (the default is 4 MB) is wider than any page the service renders, so pages come out the
// same size, 30% faster, and each response being compressed holds about 0.4 MB instead of 1.5 MB
// (its scripts and stylesheet are compressed once, at build time).
const compress = compression({
  threshold: 512,
  brotli: { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_LGWIN]: 16 } },
});

/**
 * Astro copies a Response's statusText to the status line, and a page that sets only its status
 * (413, 405, 503…) keeps the default "OK": "HTTP/1.1 413 OK" misleads proxies and people reading
 * logs. The standard reason phrase is used instead.
 */
class ServiceResponse extends http.ServerResponse {
  writeHead(statusCode, ...rest) {
    if (statusCode !== 200 && this.statusMessage === 'OK') this.statusMessage = http.STATUS_CODES[statusCode] ?? '';
    return super.writeHead(statusCode, ...rest);
  }
}

const server = http.createServer({ ServerResponse: ServiceResponse }, (req, res) => {
  for (const [name, value] of Object.entries(BASELINE_HEADERS)) res.setHeader(name, value);
  if (!ALLOWED_METHODS.has(req.method ?? '')) {
    // Astro would answer TRACE with a bare 500 and warn about OPTIONS: show the page instead. Any
    // body is left unread, and drained after the answer.
    req.method = 'GET';
    req.url = METHOD_NOT_ALLOWED_PAGE;
  }
  if (serveStaticFile(staticFiles, req, res)) return;
  drainUnreadBody(req, res);
  const toAstro = (locals) => compress(req, res, () => handler(req, res, undefined, locals));
  if (answerJourneyPost?.(req, res, toAstro)) return;
  toAstro();
});
server.keepAliveTimeout = 65_000;

// CONNECT never reaches the request handler: Node hands over the raw socket. Answer it with the
// same page, fetched from this server, and close the socket.
server.on('connect', (_req, socket) => {
  socket.on('error', () => socket.destroy());
  void fetch(`${originOf(server)}${METHOD_NOT_ALLOWED_PAGE}`)
    .then(async (page) => {
      const body = Buffer.from(await page.arrayBuffer());
      const headers = [...page.headers].filter(
        ([name]) => !['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(name),
      );
      const head = [
        'HTTP/1.1 405 Method Not Allowed',
        ...headers.map(([name, value]) => `${name}: ${value}`),
        `Content-Length: ${body.length}`,
        'Connection: close',
      ];
      socket.end(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), body]));
    })
    .catch(() => socket.destroy());
});

function originOf(listening) {
  const address = listening.address();
  return `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
}

/** A listen error in the operator's terms, as the runtime words a bad setting: which variable to change, with an example. */
function describeListenError(error, host, port) {
  const examples = { PORT: 'PORT=4321', HOST: 'HOST=0.0.0.0' };
  const problem = {
    EADDRINUSE: ['PORT', `${port} is already in use on ${host}: stop what is using it or choose another port`],
    EACCES: ['PORT', `${port} needs privileges this process does not have: use a port above 1023 behind a proxy`],
    EADDRNOTAVAIL: ['HOST', `"${host}" is not an address of this machine`],
    ENOTFOUND: ['HOST', `"${host}" is not a name this machine can look up`],
  }[error.code];
  if (!problem) return `The service could not listen on ${host}:${port}: ${error.message}`;
  const [variable, text] = problem;
  return [
    'The server cannot start because of its environment variables:',
    `  - ${variable}: ${text}. Example: ${examples[variable]}`,
    'Set them in the environment (see README, "Configuration").',
  ].join('\n');
}

const listen = (port, host) =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

// Boot: a request that starts the runtime, which exits with its own message on a bad setting.
await listen(0, '127.0.0.1');
const boot = await fetch(`${originOf(server)}/health`, { headers: { connection: 'close' } });
if (boot.status >= 500 && boot.status !== 503) {
  process.stderr.write(`The service did not start: /health answered ${boot.status}\n`);
  process.exit(1);
}
await new Promise((resolve) => {
  server.close(resolve);
  server.closeAllConnections();
});

const port = Number(setting('PORT') ?? 4321);
const host = setting('HOST') ?? '127.0.0.1';
try {
  await listen(port, host);
} catch (error) {
  process.stderr.write(`${describeListenError(error, host, port)}\n`);
  // The runtime is already running (the boot request started it): release anything its outbox
  // worker claimed in that moment, so another instance is not kept waiting for the claim to lapse.
  await stopRuntime?.().catch(() => undefined);
  process.exit(1);
}
process.stdout.write(`Ready on ${originOf(server)}/\n`);

/**
 * Longest a stop may take before the process exits anyway: enough for requests in flight and for
 * the message being sent to finish (normally well under a second), and within the 30 s that
 * Kubernetes allows by default before SIGKILL. A message still being sent then keeps its claim,
 * which lapses on its own (CLAIM_TTL_MS in src/server/outbox/worker.ts).
 */
const STOP_DEADLINE_MS = 25_000;

/**
 * A planned stop (a deploy, a restart, Ctrl-C) delays nothing and loses nothing. The server stops
 * accepting connections but finishes the requests in flight; meanwhile the outbox worker takes no
 * new message, finishes the one it is sending and releases its claims, so another instance sends
 * the rest at once; then the store closes and the process exits.
 */
async function stop() {
  setTimeout(() => {
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: 'stop took too long; exiting' })}\n`);
    process.exit(1);
  }, STOP_DEADLINE_MS).unref();
  const requestsFinished = new Promise((resolve) => server.close(resolve));
  // A keep-alive connection whose request was in flight would otherwise stay open, holding up
  // close(), until keepAliveTimeout: close each as soon as its response is done.
  setInterval(() => server.closeIdleConnections(), 100).unref();
  server.closeIdleConnections();
  // A connection still reading a refused body is not idle, and may go on for a while.
  endDrains();
  try {
    await (stopRuntime ? stopRuntime(requestsFinished) : requestsFinished);
  } catch (error) {
    process.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: 'stop failed', errorName: error?.name, errorCode: error?.code })}\n`,
    );
    process.exit(1);
  }
  process.exit(0);
}

for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => void stop());
