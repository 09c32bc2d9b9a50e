import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { formatProblemList } from '../domain/problem-list.ts';
import { err, ok, type Result } from '../domain/result.ts';
import type { LogLevel } from './log.ts';

/**
 * The only reader of the environment. Everything else takes this object (or a part of it) as a
 * parameter, so tests never set environment variables. The variables are documented in the README.
 */

export type DatabaseConfig = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/** One environment variable that is missing or malformed. */
export interface ConfigProblem {
  variable: string;
  problem: string;
  example: string;
}

/** Thrown at start-up when the environment is unusable; the message names each variable and gives an example. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly problems: ConfigProblem[];
  constructor(problems: ConfigProblem[]) {
    super(formatConfigProblems(problems));
    this.problems = problems;
  }
}

const MIN_SECRET_LENGTH = 32;
const MIN_METRICS_TOKEN_LENGTH = 16;
const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const satisfies readonly LogLevel[];

/** An error message that quotes what the operator typed; only for values that are not secrets. */
const got = (problem: string) => (issue: { input?: unknown }) => `${problem}, got "${String(issue.input)}"`;

/** Digits only, so "1e3", "0x10" and "1.5" are refused rather than quietly read as other numbers. */
const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .refine((raw) => /^\d+$/.test(raw) && Number(raw) >= min && Number(raw) <= max, {
      error: got(`must be a whole number from ${min} to ${max}`),
    })
    .transform(Number);

/** A URL with one of `schemes`. These URLs carry passwords, so no message repeats the value. */
const urlOf = (schemes: readonly string[], placeProblem: (url: URL) => string | undefined) =>
  z.url({ error: 'is not a valid URL', abort: true }).check((payload) => {
    const url = new URL(payload.value);
    const problem = schemes.includes(url.protocol)
      ? placeProblem(url)
      : `must start with ${schemes.map((scheme) => `${scheme}//`).join(' or ')}, got "${url.protocol}…"`;
    if (problem !== undefined) payload.issues.push({ code: 'custom', message: problem, input: payload.value });
  });

/** A variable that may be left out elsewhere but not in production; `hint` says why or what to set. */
const requiredInProduction = (hint: string) => z.string({ error: `is required in production (${hint})` });

const absolutePath = z.string().transform((path) => resolve(path));
// Deliberately loose: the mail server is the judge of an address; this catches a pasted name or a typo like "team.example.gov.uk".
const emailAddress = z
  .string()
  .regex(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/, { error: got('must be one email address') })
  .optional();
const clamavUrl = urlOf(['tcp:', 'unix:'], (url) =>
  url.protocol === 'tcp:'
    ? url.hostname === '' || url.port === ''
      ? 'must name a host and a port, like tcp://127.0.0.1:3310'
      : undefined
    : url.pathname.length <= 1
      ? 'must name a socket path, like unix:///run/clamav/clamd.ctl'
      : undefined,
);
const smtpUrl = urlOf(['smtp:', 'smtps:'], (url) => (url.hostname === '' ? 'must name a host' : undefined));
const publicUrl = urlOf(['https:', 'http:'], (url) =>
  url.hostname === '' ? 'must name a host' : url.pathname.length > 1 || url.search || url.hash ? 'must be only the scheme, host and port' : undefined,
).transform((raw) => new URL(raw).origin);
// RFC 6750's token characters, so a value pasted with a space or a quote is refused here rather than never matching.
const metricsToken = z
  .string()
  .min(MIN_METRICS_TOKEN_LENGTH, {
    error: (issue) => `must be at least ${MIN_METRICS_TOKEN_LENGTH} characters, got ${String(issue.input).length}`,
    abort: true,
  })
  .regex(/^[A-Za-z0-9\-._~+/]+=*$/, { error: 'may contain only letters, digits and - . _ ~ + / (and = at the end)' });
/**
 * The Standard Webhooks secret: `whsec_` and base64 of 24 to 64 random bytes, the range the
 * specification recommends. A secret that is a value, not its whole length, is never repeated.
 */
const webhookSecret = z.string().refine((raw) => isWebhookSecret(raw), {
  error: 'must be "whsec_" followed by 24 to 64 random bytes in base64',
});
/**
 * Where cases are posted. A URL may carry a token, so no message repeats it. Production takes only
 * `https:`: the body is the whole case, and the signature proves who sent it but hides nothing.
 */
const webhookUrlOf = (schemes: readonly string[]) =>
  urlOf(schemes, (url) =>
    url.hostname === ''
      ? 'must name a host'
      : // fetch refuses a URL with credentials; the receiver authenticates the signature instead.
        url.username !== '' || url.password !== ''
        ? 'must not contain a user name or password (the signature proves where a case came from)'
        : undefined,
  );
const webhookUrl = webhookUrlOf(['https:', 'http:']);
const sessionSecret = z.string().min(MIN_SECRET_LENGTH, {
  error: (issue) => `must be at least ${MIN_SECRET_LENGTH} characters, got ${String(issue.input).length}`,
});

/**
 * The environment outside production, one key per variable, in the order problems are reported.
 * Malformed values are problems everywhere; only `productionEnv` adds what must be set.
 */
const developmentEnv = z.object({
  NODE_ENV: z.string().default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: wholeNumber(0, 65_535).default(4321),
  // Where people reach the service. Form posts must come from this origin; without it (outside
  // production) the origin is taken from the request's Host, which a proxy may pass through as sent.
  PUBLIC_URL: publicUrl.optional(),
  COUNCIL: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: got('must be a council file name in kebab-case') })
    .default('example-borough'),
  COUNCIL_FILE: absolutePath.optional(),
  LOCALE: z.enum(['en', 'en-XA'], { error: got('must be "en" or the pseudo-locale "en-XA"') }).default('en'),
  // A default input rather than a default value, so it is resolved against the directory the server starts in.
  DATA_DIR: absolutePath.prefault('./data'),
  SMTP_URL: smtpUrl.optional(),
  MAIL_FROM: z
    .string()
    .regex(/@[^\s@]+\.[^\s@]+/, { error: got('must contain an email address') })
    .optional(),
  COMPLAINTS_TEAM_EMAIL: emailAddress,
  SAFEGUARDING_EMAIL: emailAddress,
  ALERT_EMAIL: emailAddress,
  // libpq reads postgres:///complaints as "the local socket", so a database alone is enough; postgres:// names nothing to connect to.
  DATABASE_URL: urlOf(['postgres:', 'postgresql:'], (url) =>
    url.hostname === '' && url.pathname.length <= 1 ? 'must name a host or a database' : undefined,
  ).optional(),
  SESSION_SECRET: sessionSecret.optional(),
  SESSION_TTL_MINUTES: wholeNumber(5, 24 * 60).default(120),
  RETENTION_DAYS: wholeNumber(1, 3650).optional(),
  OUTBOX_POLL_MS: wholeNumber(50, 3_600_000).default(1000),
  // A whole complaint is about 25 posts; 120 a minute lets a fast person through twice over while
  // stopping a script. 0 turns the limit off (load tests on loopback).
  RATE_LIMIT_POSTS_PER_MINUTE: wholeNumber(0, 1_000_000).default(120),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: got(`must be one of ${LOG_LEVELS.join(', ')}`) }).default('info'),
  // Unset: /metrics is off (answers "page not found"), in production too.
  METRICS_TOKEN: metricsToken.optional(),
  // Below this much free space under DATA_DIR, GET /health/ready says the instance is not ready:
  // SQLite needs room for its journal, and development mail is written there.
  READY_MIN_FREE_MB: wholeNumber(0, 1_000_000).default(50),
  ENCRYPTION_KEY: z
    .string()
    .transform((raw, context) => {
      const key = toEncryptionKey(raw);
      // The value is a secret: say what is wrong without repeating it.
      const message = 'must be 32 bytes written as 64 hex characters or 44 base64 characters';
      if (key === undefined) context.issues.push({ code: 'custom', message, input: raw });
      return key ?? z.NEVER;
    })
    .optional(),
  CASE_WEBHOOK_URL: webhookUrl.optional(),
  CASE_WEBHOOK_SECRET: webhookSecret.optional(),
  // Email stays the default; "off" leaves the webhook as the team's only channel.
  CASE_EMAIL: z.enum(['on', 'off'], { error: got('must be "on" or "off"') }).default('on'),
  // clamd that scans every uploaded file; unset outside production, files are kept unscanned (and the team is told).
  CLAMAV_URL: clamavUrl.optional(),
  UPLOADS: z.enum(['on', 'off'], { error: got('must be "on" or "off"') }).default('on'),
  // The team's email carries the files unless they would make it bigger than this (base64 included).
  MAIL_MAX_BYTES: wholeNumber(100_000, 1_000_000_000).default(20 * 1024 * 1024),
});

/**
 * Production adds requirements where falling back would go wrong silently: without SMTP mail would
 * only be written to files, and a generated secret would log everyone out on each deploy.
 * `extend` keeps each key in its place, so problems are still reported in the same order.
 */
const productionEnv = developmentEnv
  .extend({
    PUBLIC_URL: requiredInProduction('the address people use, so form posts are checked against it rather than the Host header').pipe(publicUrl),
    SMTP_URL: requiredInProduction('without it mail would only be written to files').pipe(smtpUrl),
    SESSION_SECRET: requiredInProduction(`at least ${MIN_SECRET_LENGTH} random characters`).pipe(sessionSecret),
    // The pseudo-locale is for checking the catalogue, never for residents.
    LOCALE: z.literal('en', { error: got('must be "en"') }).default('en'),
    CASE_WEBHOOK_URL: webhookUrlOf(['https:']).optional(),
  })
  .check((payload) => {
    // A file nobody scanned must never reach the team from a live service: without a scanner, uploads must be turned off.
    if (payload.value.UPLOADS === 'on' && payload.value.CLAMAV_URL === undefined) {
      payload.issues.push({
        code: 'custom',
        path: ['CLAMAV_URL'],
        message: 'is required in production while uploads are on (every file is scanned by clamd), or set UPLOADS=off',
        input: payload.value.CLAMAV_URL,
      });
    }
  });

/** The variables as the rest of the service reads them: grouped, named for what they do. */
function toParsedConfig(vars: z.output<typeof developmentEnv>) {
  const database: DatabaseConfig =
    vars.DATABASE_URL === undefined ? { kind: 'sqlite', path: join(vars.DATA_DIR, 'complaints.sqlite') } : { kind: 'postgres', url: vars.DATABASE_URL };
  return {
    nodeEnv: vars.NODE_ENV,
    isProduction: vars.NODE_ENV === 'production',
    host: vars.HOST,
    port: vars.PORT,
    /** The origin form posts must come from (`https://complaints.example.gov.uk`); undefined: the request's own. */
    publicOrigin: vars.PUBLIC_URL,
    /** Slug of the council file in content/councils. */
    council: vars.COUNCIL,
    /** A council file outside the repository (facts and wording), used instead of content/councils/<council>.yaml. */
    councilFile: vars.COUNCIL_FILE,
    /** The catalogue's locale: `en`, or the pseudo-locale `en-XA` that shows which words are not from it. */
    locale: vars.LOCALE,
    /** Absolute path. */
    dataDir: vars.DATA_DIR,
    mail: {
      /** `smtp://` or `smtps://`; undefined means "write .eml files under DATA_DIR/mail" (never in production). */
      smtpUrl: vars.SMTP_URL,
      /** Overrides the council's sender address. */
      from: vars.MAIL_FROM,
      /** Override the council's mailboxes. */
      complaintsTeam: vars.COMPLAINTS_TEAM_EMAIL,
      safeguarding: vars.SAFEGUARDING_EMAIL,
      alerts: vars.ALERT_EMAIL,
    },
    database,
    /** The secret is still undefined outside production when SESSION_SECRET is unset; `loadConfig` fills it in. */
    session: { secret: vars.SESSION_SECRET, ttlMinutes: vars.SESSION_TTL_MINUTES },
    /** Overrides the council's retentionDays when set. */
    retentionDays: vars.RETENTION_DAYS,
    outboxPollMs: vars.OUTBOX_POLL_MS,
    /** Per client address, shared by every instance through the store. */
    rateLimit: { postsPerMinute: vars.RATE_LIMIT_POSTS_PER_MINUTE },
    logLevel: vars.LOG_LEVEL,
    /** Bearer token for GET /metrics; undefined turns the metrics endpoint off. */
    metrics: { token: vars.METRICS_TOKEN },
    /** GET /health/ready fails below this much free space under dataDir. */
    readiness: { minFreeMb: vars.READY_MIN_FREE_MB },
    /** 32 bytes for AES-256-GCM; when set, answers and messages are encrypted before they reach the database. */
    encryptionKey: vars.ENCRYPTION_KEY,
    /** How each case reaches the council: the team's email unless turned off, and a signed webhook when a URL is set. */
    caseDelivery: {
      email: vars.CASE_EMAIL === 'on',
      webhook:
        vars.CASE_WEBHOOK_URL !== undefined && vars.CASE_WEBHOOK_SECRET !== undefined
          ? { url: vars.CASE_WEBHOOK_URL, secret: vars.CASE_WEBHOOK_SECRET }
          : undefined,
    },
    uploads: {
      /** False: the journeys do not ask for documents. */
      enabled: vars.UPLOADS === 'on',
      /** `tcp://host:port` or `unix:///path` of clamd; undefined: files are kept unscanned (never in production). */
      clamavUrl: vars.CLAMAV_URL,
    },
    /** The largest team email, attachments included, that the mail server takes. */
    mailMaxBytes: vars.MAIL_MAX_BYTES,
  };
}

/**
 * Rules between variables: a webhook needs its secret (an unsigned case could be forged by anyone
 * who finds the address), and turning email off needs a webhook, or cases would reach nobody.
 */
const checkCaseDelivery = (
  vars: { CASE_WEBHOOK_URL?: string | undefined; CASE_WEBHOOK_SECRET?: string | undefined; CASE_EMAIL: 'on' | 'off' },
  context: z.RefinementCtx,
) => {
  if (vars.CASE_WEBHOOK_URL !== undefined && vars.CASE_WEBHOOK_SECRET === undefined) {
    context.addIssue({ code: 'custom', path: ['CASE_WEBHOOK_SECRET'], message: 'is required when CASE_WEBHOOK_URL is set, to sign each case' });
  }
  if (vars.CASE_WEBHOOK_URL === undefined && vars.CASE_WEBHOOK_SECRET !== undefined) {
    context.addIssue({ code: 'custom', path: ['CASE_WEBHOOK_URL'], message: 'is required when CASE_WEBHOOK_SECRET is set (where should cases go?)' });
  }
  if (vars.CASE_EMAIL === 'off' && vars.CASE_WEBHOOK_URL === undefined) {
    context.addIssue({ code: 'custom', path: ['CASE_EMAIL'], message: 'may be "off" only when CASE_WEBHOOK_URL is set, or cases would reach nobody' });
  }
};

const developmentConfig = developmentEnv.superRefine(checkCaseDelivery).transform(toParsedConfig);
const productionConfig = productionEnv.superRefine(checkCaseDelivery).transform(toParsedConfig);

/** The environment as read and checked; SESSION_SECRET may still be missing outside production. */
export type ParsedConfig = z.output<typeof developmentConfig>;
export type AppConfig = Omit<ParsedConfig, 'session'> & { session: { secret: string; ttlMinutes: number } };
export type MailConfig = ParsedConfig['mail'];

type Variable = keyof typeof developmentEnv.shape;

/** What each variable looks like when it is right, shown after its problem. */
const EXAMPLES: Readonly<Record<string, string>> = {
  NODE_ENV: 'NODE_ENV=production',
  HOST: 'HOST=0.0.0.0',
  PORT: 'PORT=4321',
  PUBLIC_URL: 'PUBLIC_URL=https://complaints.example.gov.uk',
  COUNCIL: 'COUNCIL=example-borough',
  COUNCIL_FILE: 'COUNCIL_FILE=/etc/complaints/council.yaml',
  LOCALE: 'LOCALE=en',
  DATA_DIR: 'DATA_DIR=/var/lib/complaints',
  SMTP_URL: 'SMTP_URL=smtp://user:password@mail.example.gov.uk:587 (STARTTLS) or smtps://…:465',
  MAIL_FROM: 'MAIL_FROM="Example Council <no-reply@example.gov.uk>"',
  COMPLAINTS_TEAM_EMAIL: 'COMPLAINTS_TEAM_EMAIL=complaints@example.gov.uk',
  SAFEGUARDING_EMAIL: 'SAFEGUARDING_EMAIL=complaints@example.gov.uk',
  ALERT_EMAIL: 'ALERT_EMAIL=complaints@example.gov.uk',
  DATABASE_URL: 'DATABASE_URL=postgres://complaints:password@db.internal:5432/complaints (leave unset to use SQLite in DATA_DIR)',
  SESSION_SECRET: 'SESSION_SECRET=$(openssl rand -base64 48)',
  SESSION_TTL_MINUTES: 'SESSION_TTL_MINUTES=120',
  RETENTION_DAYS: 'RETENTION_DAYS=30',
  OUTBOX_POLL_MS: 'OUTBOX_POLL_MS=1000',
  RATE_LIMIT_POSTS_PER_MINUTE: 'RATE_LIMIT_POSTS_PER_MINUTE=120',
  LOG_LEVEL: 'LOG_LEVEL=info',
  METRICS_TOKEN: 'METRICS_TOKEN=$(openssl rand -hex 32)',
  READY_MIN_FREE_MB: 'READY_MIN_FREE_MB=50',
  ENCRYPTION_KEY: 'ENCRYPTION_KEY=$(openssl rand -base64 32)',
  CASE_WEBHOOK_URL: 'CASE_WEBHOOK_URL=https://casework.example.gov.uk/hooks/complaints',
  CASE_WEBHOOK_SECRET: 'CASE_WEBHOOK_SECRET=whsec_$(openssl rand -base64 32)',
  CASE_EMAIL: 'CASE_EMAIL=off (only with CASE_WEBHOOK_URL set)',
  CLAMAV_URL: 'CLAMAV_URL=tcp://127.0.0.1:3310 or unix:///run/clamav/clamd.ctl',
  UPLOADS: 'UPLOADS=off',
  MAIL_MAX_BYTES: 'MAIL_MAX_BYTES=20971520',
} satisfies Record<Variable, string>;

type Env = Record<string, string | undefined>;

/** Formats problems as lines an operator can act on: variable, what is wrong, an example. */
export function formatConfigProblems(problems: readonly ConfigProblem[]): string {
  return formatProblemList(
    'The server cannot start because of its environment variables:',
    problems.map((p) => `${p.variable}: ${p.problem}. Example: ${p.example}`),
    'Set them in the environment (see README, "Configuration").',
  );
}

/**
 * Reads and checks every variable, reporting every problem at once. Missing SMTP_URL and
 * SESSION_SECRET are problems only in production (see `productionEnv`).
 */
export function parseConfig(env: Env): Result<ParsedConfig, { code: 'invalid_config'; problems: ConfigProblem[] }> {
  // An empty or blank variable is unset: `PORT= npm start` and a blank line in an env file mean "the default".
  const variables = Object.fromEntries(Object.entries(env).map(([name, value]) => [name, value?.trim() || undefined]));
  const result = (variables['NODE_ENV'] === 'production' ? productionConfig : developmentConfig).safeParse(variables);
  return result.success ? ok(result.data) : err({ code: 'invalid_config', problems: result.error.issues.map(toConfigProblem) });
}

/**
 * Reads the environment once and returns a frozen config; throws `ConfigError` listing every
 * problem. Outside production a missing SESSION_SECRET is generated once and kept in
 * `DATA_DIR/session-secret` (mode 0600), so sessions survive a restart on a developer's machine.
 */
export function loadConfig(env: Env = process.env): Readonly<AppConfig> {
  const parsed = parseConfig(env);
  if (!parsed.ok) throw new ConfigError(parsed.error.problems);
  const config = parsed.value;
  let secret = config.session.secret;
  try {
    secret ??= readOrCreateSessionSecret(config.dataDir);
  } catch (error) {
    throw new ConfigError([dataDirProblem(config.dataDir, error)]);
  }
  return deepFreeze({ ...config, session: { ...config.session, secret } });
}

/** A failure in a few words: the system's code (ENOTDIR, 28000…) and the first line of its message. */
function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  if (typeof code !== 'string' || code === '') return message;
  return message === '' || message.includes(code) ? code : `${code}: ${message}`;
}

function dataDirProblem(dataDir: string, error: unknown): ConfigProblem {
  return {
    variable: 'DATA_DIR',
    problem: `"${dataDir}" cannot be used as a folder the service writes to (${errorCode(error)})`,
    example: EXAMPLES['DATA_DIR']!,
  };
}

/**
 * Why the store could not start, as the variable to change: PostgreSQL unreachable or refusing the
 * login names DATABASE_URL (host, port and database only, never the password); a SQLite file that
 * cannot be opened names DATA_DIR.
 */
export function storeStartProblem(config: Pick<ParsedConfig, 'database' | 'dataDir'>, error: unknown): ConfigProblem {
  if (config.database.kind === 'sqlite') return dataDirProblem(config.dataDir, error);
  const url = new URL(config.database.url);
  const where = `${url.hostname || 'the local socket'}${url.port ? `:${url.port}` : ''}${url.pathname.length > 1 ? url.pathname : ''}`;
  return { variable: 'DATABASE_URL', problem: `could not use PostgreSQL at ${where} (${errorCode(error)})`, example: EXAMPLES['DATABASE_URL']! };
}

/** Every issue is on one variable: the schema is a flat object of strings. */
function toConfigProblem(issue: z.core.$ZodIssue): ConfigProblem {
  const variable = String(issue.path[0]);
  return { variable, problem: issue.message, example: EXAMPLES[variable] ?? `${variable}=…` };
}

function toEncryptionKey(raw: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(raw)) return Buffer.from(raw, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(raw)) {
    const key = Buffer.from(raw, raw.includes('-') || raw.includes('_') ? 'base64url' : 'base64');
    if (key.length === 32) return key;
  }
  return undefined;
}

function isWebhookSecret(raw: string): boolean {
  const encoded = raw.startsWith('whsec_') ? raw.slice('whsec_'.length) : undefined;
  if (encoded === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) return false;
  const bytes = Buffer.from(encoded, 'base64').length;
  return bytes >= 24 && bytes <= 64;
}

function readOrCreateSessionSecret(dataDir: string): string {
  const path = join(dataDir, 'session-secret');
  try {
    const existing = readFileSync(path, 'utf8').trim();
    if (existing.length >= MIN_SECRET_LENGTH) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(path, secret + '\n', { mode: 0o600 });
  // writeFileSync keeps the mode of a file that already existed (e.g. a too-short one).
  chmodSync(path, 0o600);
  return secret;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value) && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
