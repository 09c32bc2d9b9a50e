/**
 * The peer the service is measured beside: the service's first question ("Are you, or any child,
 * in danger right now?") built the way HM Passport Office builds its forms, with hmpo-form-wizard
 * on express, express-session, cookie-parser and nunjucks with govuk-frontend's own macros and page
 * template: the wizard's own CSRF check, the govuk-frontend stylesheet and script served by
 * express.static and cached immutably, and every response through the same compression middleware
 * and brotli quality as scripts/serve.mjs. Sessions are set up lean, so the peer is a hard one to
 * beat: express-session's MemoryStore (HMPO's hmpo-app uses Redis, also in memory, which this
 * machine does not run) with resave and saveUninitialized off (hmpo-app turns both on).
 *
 * Routes: / (a start page around the HTML in PEER_START_CONTENT, the service's own start page
 * content), /danger (the question) → /done, /health.
 * Environment: PORT, SESSION_SECRET, optionally PEER_START_CONTENT (a file of HTML).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { constants } from 'node:zlib';
import compression from 'compression';
import cookieParser from 'cookie-parser';
import express, { type ErrorRequestHandler } from 'express';
import session from 'express-session';
import wizard from 'hmpo-form-wizard';
import nunjucks from 'nunjucks';

const require = createRequire(import.meta.url);
const govukDist = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');

const startContentFile = process.env['PEER_START_CONTENT'];
const startContent =
  startContentFile === undefined || startContentFile === ''
    ? '<h1 class="govuk-heading-xl">Make a complaint about children’s social care</h1>'
    : readFileSync(startContentFile, 'utf8');

const app = express();
app.disable('x-powered-by');

const views = nunjucks.configure([join(import.meta.dirname, 'views'), govukDist], { express: app, autoescape: true });
// hmpo-components' way to reach locals whose names are not identifiers ("csrf-token").
views.addGlobal('ctx', function (this: { ctx: Record<string, unknown> }, key: string) {
  return this.ctx[key];
});
app.set('view engine', 'njk');

// The same compression as scripts/serve.mjs.
app.use(compression({ threshold: 512, brotli: { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_LGWIN]: 16 } } }));

// Fonts and images where govuk-frontend's stylesheet looks for them (/assets/), and the compiled stylesheet and script beside them.
const immutable = { immutable: true, maxAge: '1y', index: false } as const;
app.use('/assets', express.static(join(govukDist, 'govuk/assets'), immutable));
app.use('/assets', express.static(join(govukDist, 'govuk'), immutable));

app.get('/health', (_req, res) => {
  res.json({ status: 'ok' });
});

app.use(cookieParser());
app.use(express.urlencoded({ extended: false }));
app.use(
  session({
    name: 'peer.sid',
    secret: process.env['SESSION_SECRET'] ?? 'peer-secret',
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax' },
  }),
);

// Pages can hold answers, so no cache keeps them; the service sends the same.
app.use((_req, res, next) => {
  res.set('cache-control', 'no-store');
  next();
});

app.get('/', (_req, res) => {
  res.render('start', { startContent });
});

app.use(
  wizard(
    {
      '/danger': { entryPoint: true, fields: ['dangerNow'], next: 'done' },
      '/done': { noPost: true },
    },
    { dangerNow: { validate: 'required', items: ['yes', 'no'] } },
    { name: 'complaint', templatePath: 'pages' },
  ),
);

// The wizard hands its redirects (a step out of order) to the app, as its README asks; a step
// asked for before the journey started goes to its first question.
const handleError: ErrorRequestHandler = (error: { redirect?: string; code?: string; status?: number }, _req, res, next) => {
  if (res.headersSent) return next(error);
  if (error.redirect !== undefined) return res.redirect(error.redirect);
  if (error.code === 'MISSING_PREREQ') return res.redirect('/danger');
  const status = error.status ?? (error.code === 'CSRF_ERROR' ? 403 : error.code === 'SESSION_TIMEOUT' ? 401 : 500);
  res
    .status(status)
    .type('text/plain')
    .send(error.code ?? 'Error');
};
app.use(handleError);

const server = app.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1');
server.keepAliveTimeout = 65_000;

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close();
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 1_000).unref();
  });
}
