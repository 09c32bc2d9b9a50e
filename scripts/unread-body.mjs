// A post refused before its body has all arrived (a file over the limit, a form too long, a
// method the service does not answer) is answered at once. If the connection were then closed
// with the rest of the body still on its way, the client's next write would meet a reset, and a
// browser shows "connection reset" instead of the page saying what was wrong (RFC 9112, 9.6). So
// the rest of the body is read and dropped after the answer, and the connection is cut only if
// it keeps coming for longer than anyone's upload should take.

/** How long the rest of a refused body is read after the answer before the connection is cut. */
export const DRAIN_MS = 30_000;

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
    const cut = setTimeout(() => req.socket?.destroy(), DRAIN_MS).unref();
    req.once('close', () => clearTimeout(cut));
    req.once('end', () => clearTimeout(cut));
    // A reader that stopped without saying so still listens for 'readable', which would keep the
    // request paused.
    req.removeAllListeners('readable');
    req.on('data', () => undefined);
    req.resume();
  });
}
