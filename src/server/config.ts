import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { err, ok, type Result } from '../domain/result.ts';
import type { LogLevel } from './log.ts';

/**
 * The only reader of the environment. Everything else takes this object (or a part of it) as a
 * parameter, so tests never set environment variables. The variables are documented in the README.
 */

export type DatabaseConfig = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export interface MailConfig {
  /** `smtp://` or `smtps://`; undefined means "write .eml files under DATA_DIR/mail" (never in production). */
  smtpUrl: string | undefined;
  /** Overrides the council's sender address. */
  from: string | undefined;
  /** Override the council's mailboxes. */
  complaintsTeam: string | undefined;
  safeguarding: string | undefined;
  alerts: string | undefined;
}

export interface AppConfig {
  nodeEnv: string;
  isProduction: boolean;
  host: string;
  port: number;
  /** Slug of the council file in content/councils. */
  council: string;
  /** Absolute path. */
  dataDir: string;
  mail: MailConfig;
  database: DatabaseConfig;
  session: { secret: string; ttlMinutes: number };
  /** Overrides the council's retentionDays when set. */
  retentionDays: number | undefined;
  outboxPollMs: number;
  /** Per client address, shared by every instance through the store. */
  rateLimit: { postsPerMinute: number };
  logLevel: LogLevel;
  /** 32 bytes for AES-256-GCM; when set, answers and messages are encrypted before they reach the database. */
  encryptionKey: Buffer | undefined;
}

/** One environment variable that is missing or malformed. */
export interface ConfigProblem {
  variable: string;
  problem: string;
  example: string;
}

/** The environment as read, before defaults; SESSION_SECRET may still be missing outside production. */
export type ParsedConfig = Omit<AppConfig, 'session'> & { session: { secret: string | undefined; ttlMinutes: number } };

/** Thrown at start-up when the environment is unusable; the message names each variable and gives an example. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly problems: ConfigProblem[];
  constructor(problems: ConfigProblem[]) {
    super(formatConfigProblems(problems));
    this.problems = problems;
  }
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
// Deliberately loose: the mail server is the judge of an address; this catches a pasted name or a typo like "team.example.gov.uk".
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const MIN_SECRET_LENGTH = 32;

type Env = Record<string, string | undefined>;

/** Formats problems as lines an operator can act on: variable, what is wrong, an example. */
export function formatConfigProblems(problems: readonly ConfigProblem[]): string {
  return (
    'The server cannot start because of its environment variables:\n' +
    problems.map((p) => `  - ${p.variable}: ${p.problem}. Example: ${p.example}`).join('\n') +
    '\nSet them in the environment (see README, "Configuration").'
  );
}

/**
 * Reads and checks every variable. Malformed values are problems everywhere; missing SMTP_URL and
 * SESSION_SECRET are problems only in production, where falling back to files or a generated
 * secret would silently lose mail or log everyone out on each deploy.
 */
export function parseConfig(env: Env): Result<ParsedConfig, { code: 'invalid_config'; problems: ConfigProblem[] }> {
  const problems: ConfigProblem[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const problem = (variable: string, text: string, example: string): undefined => {
    problems.push({ variable, problem: text, example });
    return undefined;
  };
  const integer = (name: string, fallback: number, min: number, max: number, example: string): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
      problem(name, `must be a whole number from ${min} to ${max}, got "${raw}"`, `${name}=${example}`);
      return fallback;
    }
    return value;
  };
  const email = (name: string): string | undefined => {
    const raw = read(name);
    if (raw === undefined || EMAIL.test(raw)) return raw;
    return problem(name, `must be one email address, got "${raw}"`, `${name}=complaints@example.gov.uk`);
  };

  const nodeEnv = read('NODE_ENV') ?? 'development';
  const isProduction = nodeEnv === 'production';

  const host = read('HOST') ?? '127.0.0.1';
  const port = integer('PORT', 4321, 0, 65_535, '4321');

  const council = read('COUNCIL') ?? 'example-borough';
  if (!SLUG.test(council)) {
    problem('COUNCIL', `must be a council file name in kebab-case, got "${council}"`, 'COUNCIL=example-borough');
  }

  const dataDir = resolve(read('DATA_DIR') ?? './data');

  const smtpUrl = read('SMTP_URL');
  const smtpExample = 'SMTP_URL=smtp://user:password@mail.example.gov.uk:587 (STARTTLS) or smtps://…:465';
  if (smtpUrl === undefined) {
    if (isProduction) {
      problem('SMTP_URL', 'is required in production (without it mail would only be written to files)', smtpExample);
    }
  } else {
    checkUrl('SMTP_URL', smtpUrl, ['smtp:', 'smtps:'], smtpExample, problem);
  }

  const mailFrom = read('MAIL_FROM');
  if (mailFrom !== undefined && !/@[^\s@]+\.[^\s@]+/.test(mailFrom)) {
    problem('MAIL_FROM', `must contain an email address, got "${mailFrom}"`, 'MAIL_FROM="Example Council <no-reply@example.gov.uk>"');
  }

  const complaintsTeam = email('COMPLAINTS_TEAM_EMAIL');
  const safeguarding = email('SAFEGUARDING_EMAIL');
  const alerts = email('ALERT_EMAIL');

  const databaseUrl = read('DATABASE_URL');
  let database: DatabaseConfig = { kind: 'sqlite', path: join(dataDir, 'complaints.sqlite') };
  if (databaseUrl !== undefined) {
    const example = 'DATABASE_URL=postgres://complaints:password@db.internal:5432/complaints (leave unset to use SQLite in DATA_DIR)';
    if (checkUrl('DATABASE_URL', databaseUrl, ['postgres:', 'postgresql:'], example, problem)) {
      database = { kind: 'postgres', url: databaseUrl };
    }
  }

  const secret = read('SESSION_SECRET');
  if (secret === undefined && isProduction) {
    problem('SESSION_SECRET', `is required in production (at least ${MIN_SECRET_LENGTH} random characters)`, sessionSecretExample());
  } else if (secret !== undefined && secret.length < MIN_SECRET_LENGTH) {
    problem('SESSION_SECRET', `must be at least ${MIN_SECRET_LENGTH} characters, got ${secret.length}`, sessionSecretExample());
  }

  const ttlMinutes = integer('SESSION_TTL_MINUTES', 120, 5, 24 * 60, '120');
  const retentionRaw = read('RETENTION_DAYS');
  const retentionDays = retentionRaw === undefined ? undefined : integer('RETENTION_DAYS', 30, 1, 3650, '30');
  const outboxPollMs = integer('OUTBOX_POLL_MS', 1000, 50, 3_600_000, '1000');
  // A whole complaint is about 25 posts; 120 a minute lets a fast person through twice over while
  // stopping a script. 0 turns the limit off (load tests on loopback).
  const postsPerMinute = integer('RATE_LIMIT_POSTS_PER_MINUTE', 120, 0, 1_000_000, '120');

  const logLevelRaw = read('LOG_LEVEL') ?? 'info';
  const logLevel = LOG_LEVELS.find((level) => level === logLevelRaw);
  if (logLevel === undefined) {
    problem('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${logLevelRaw}"`, 'LOG_LEVEL=info');
  }

  const keyRaw = read('ENCRYPTION_KEY');
  let encryptionKey: Buffer | undefined;
  if (keyRaw !== undefined) {
    encryptionKey = toEncryptionKey(keyRaw);
    if (encryptionKey === undefined) {
      // The value is a secret: say what is wrong without repeating it.
      problem('ENCRYPTION_KEY', 'must be 32 bytes written as 64 hex characters or 44 base64 characters', encryptionKeyExample());
    }
  }

  if (problems.length > 0) return err({ code: 'invalid_config', problems });
  return ok({
    nodeEnv,
    isProduction,
    host,
    port,
    council,
    dataDir,
    mail: {
      smtpUrl,
      from: mailFrom,
      complaintsTeam,
      safeguarding,
      alerts,
    },
    database,
    session: { secret, ttlMinutes },
    retentionDays,
    outboxPollMs,
    rateLimit: { postsPerMinute },
    logLevel: logLevel ?? 'info',
    encryptionKey,
  });
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
  const secret = config.session.secret ?? readOrCreateSessionSecret(config.dataDir);
  return deepFreeze({ ...config, session: { ...config.session, secret } });
}

function checkUrl(
  variable: string,
  value: string,
  protocols: string[],
  example: string,
  problem: (variable: string, text: string, example: string) => undefined,
): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // Never echo the value: these URLs carry passwords.
    problem(variable, 'is not a valid URL', example);
    return false;
  }
  if (!protocols.includes(url.protocol)) {
    problem(variable, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}, got "${url.protocol}…"`, example);
    return false;
  }
  // libpq reads postgres:///complaints as "the local socket", so only SMTP must name a host.
  if (url.hostname === '' && variable === 'SMTP_URL') {
    problem(variable, 'must name a host', example);
    return false;
  }
  return true;
}

function toEncryptionKey(raw: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(raw)) return Buffer.from(raw, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(raw)) {
    const key = Buffer.from(raw, raw.includes('-') || raw.includes('_') ? 'base64url' : 'base64');
    if (key.length === 32) return key;
  }
  return undefined;
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

function sessionSecretExample(): string {
  return 'SESSION_SECRET=$(openssl rand -base64 48)';
}

function encryptionKeyExample(): string {
  return 'ENCRYPTION_KEY=$(openssl rand -base64 32)';
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value) && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
