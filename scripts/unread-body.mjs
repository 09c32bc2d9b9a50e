// A post refused before its body has all arrived (a file over the limit, a form too long, a
// method the service does not answer) is answered at once. If the connection were then closed
// with the rest of the body still on its way, the client's next write would meet a reset, and a
// browser shows "connection reset" instead of the page saying what was wrong (RFC 9112, 9.6). So
// the rest of the body is read and dropped after the answer, for as long as it keeps coming, up to
// a limit, and the connection is cut only after that.

/** A refused body that sends nothing for this long is cut off. */
export const DRAIN_IDLE_MS = 10_000;
/** The most of a refused body read and dropped: a phone video, more than anyone should send here. */
export const DRAIN_MAX_BYTES = 512 * 1024 * 1024;

/** Requests whose answer is sent and whose body is still being drained, so a stop can end them. */
const draining = new Set();
let stopping = false;

const hasBody = (req) => req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] ?? '0') !== '0';

/**
 * Gives the app the request body to read (Astro reads `req.body` when it is set) in a form whose
 * early end leaves the request whole, and drains whatever the app left unread once the answer is
 * sent.
 */
export function drainUnreadBody(req, res) {
  if (!hasBody(req)) return;
  // Without destroyOnReturn: false, a reader stopping early would destroy the request, and with
  // it the connection, before the answer is written.
  req.body = { [Symbol.asyncIterator]: () => req.iterator({ destroyOnReturn: false }) };
  res.once('finish', () => {
    if (req.complete || req.destroyed) return;
    const cut = () => req.socket?.destroy();
    if (stopping) return cut();
    draining.add(req);
    let dropped = 0;
    let idle = setTimeout(cut, DRAIN_IDLE_MS).unref();
    const done = () => {
      clearTimeout(idle);
      draining.delete(req);
    };
    req.once('close', done);
    req.once('end', done);
    // A reader that stopped without saying so still listens for 'readable', which would keep the
    // request paused.
    req.removeAllListeners('readable');
    req.on('data', (chunk) => {
      dropped += chunk.length;
      if (dropped > DRAIN_MAX_BYTES) return cut();
      idle.refresh();
    });
    req.resume();
  });
}

/** Cuts every body still being drained: their answers have been sent, so a stop loses nothing by it. */
export function endDrains() {
  stopping = true;
  for (const req of draining) req.socket?.destroy();
  draining.clear();
}
