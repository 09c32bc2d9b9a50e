import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig, storeStartProblem, type ConfigProblem } from '../../src/server/config.ts';

const SECRET = 'x'.repeat(40);
const production = {
  NODE_ENV: 'production',
  SMTP_URL: 'smtp://user:pass@mail.example.gov.uk:587',
  SESSION_SECRET: SECRET,
  PUBLIC_URL: 'https://complaints.example.gov.uk',
  CLAMAV_URL: 'tcp://127.0.0.1:3310',
};

function problemsOf(env: Record<string, string>): ConfigProblem[] {
  const result = parseConfig(env);
  return result.ok ? [] : result.error.problems;
}

describe('loadConfig', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'config-test-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('fills in the documented defaults when nothing is set', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config).toMatchObject({
      nodeEnv: 'development',
      isProduction: false,
      host: '127.0.0.1',
      port: 4321,
      council: 'example-borough',
      dataDir,
      mail: { smtpUrl: undefined, from: undefined, complaintsTeam: undefined, safeguarding: undefined, alerts: undefined },
      database: { kind: 'sqlite', path: join(dataDir, 'complaints.sqlite') },
      session: { ttlMinutes: 120 },
      retentionDays: undefined,
      outboxPollMs: 1000,
      logLevel: 'info',
      encryptionKey: undefined,
    });
  });

  it('puts DATA_DIR at ./data when unset', () => {
    const result = parseConfig({});
    expect(result.ok && result.value.dataDir).toBe(resolve('data'));
  });

  it('generates a session secret outside production and keeps it for the next start', () => {
    const first = loadConfig({ DATA_DIR: dataDir });
    expect(first.session.secret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(join(dataDir, 'session-secret'), 'utf8').trim()).toBe(first.session.secret);
    expect(statSync(join(dataDir, 'session-secret')).mode & 0o777).toBe(0o600);
    expect(loadConfig({ DATA_DIR: dataDir }).session.secret).toBe(first.session.secret);
  });

  it('replaces a stored session secret that is too short', () => {
    writeFileSync(join(dataDir, 'session-secret'), 'short\n', { mode: 0o644 });
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config.session.secret).not.toBe('short');
    expect(statSync(join(dataDir, 'session-secret')).mode & 0o777).toBe(0o600);
  });

  it('returns a frozen object', () => {
    const config = loadConfig({ DATA_DIR: dataDir, SESSION_SECRET: SECRET });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.mail)).toBe(true);
  });

  it('reads every variable that is set', () => {
    const config = loadConfig({
      ...production,
      HOST: '0.0.0.0',
      PORT: '8080',
      COUNCIL: 'north-somerset',
      MAIL_FROM: 'Council <no-reply@example.gov.uk>',
      COMPLAINTS_TEAM_EMAIL: 'team@example.gov.uk',
      SAFEGUARDING_EMAIL: 'mash@example.gov.uk',
      ALERT_EMAIL: 'it@example.gov.uk',
      DATA_DIR: dataDir,
      DATABASE_URL: 'postgres://complaints@db.internal:5432/complaints',
      SESSION_TTL_MINUTES: '60',
      RETENTION_DAYS: '90',
      OUTBOX_POLL_MS: '5000',
      LOG_LEVEL: 'warn',
      ENCRYPTION_KEY: 'ab'.repeat(32),
    });
    expect(config).toMatchObject({
      isProduction: true,
      host: '0.0.0.0',
      port: 8080,
      publicOrigin: 'https://complaints.example.gov.uk',
      council: 'north-somerset',
      mail: {
        smtpUrl: production.SMTP_URL,
        from: 'Council <no-reply@example.gov.uk>',
        complaintsTeam: 'team@example.gov.uk',
        safeguarding: 'mash@example.gov.uk',
        alerts: 'it@example.gov.uk',
      },
      database: { kind: 'postgres', url: 'postgres://complaints@db.internal:5432/complaints' },
      session: { secret: SECRET, ttlMinutes: 60 },
      retentionDays: 90,
      outboxPollMs: 5000,
      logLevel: 'warn',
    });
    expect(config.encryptionKey).toEqual(Buffer.alloc(32, 0xab));
  });

  it('throws a ConfigError that names each variable and shows an example', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SMTP_URL: is required in production.*Example: SMTP_URL=smtp:\/\//);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET: is required in production.*Example: SESSION_SECRET=/);
  });

  it('explains a port written in words on one line, with an example', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow('\n  - PORT: must be a whole number from 0 to 65535, got "eighty". Example: PORT=4321\n');
  });
});

describe('parseConfig', () => {
  it('accepts a complete production environment', () => {
    expect(parseConfig(production).ok).toBe(true);
  });

  it.each([
    // Without SMTP, mail would only go to files nobody reads.
    ['SMTP_URL', { SMTP_URL: '' }],
    // Without a fixed secret, every deploy would log everyone out.
    ['SESSION_SECRET', { SESSION_SECRET: '' }],
    // Without it, the origin check would trust the Host header a proxy passes through.
    ['PUBLIC_URL', { PUBLIC_URL: '' }],
  ])('requires %s in production', (variable, change) => {
    expect(problemsOf({ ...production, ...change }).map((p) => p.variable)).toEqual([variable]);
  });

  it('does not require them outside production', () => {
    expect(problemsOf({})).toEqual([]);
  });

  it.each([
    ['http://mail.example.gov.uk', 'must start with smtp:// or smtps://, got "http:…"'],
    ['mail.example.gov.uk:587', 'must start with smtp:// or smtps://, got "mail.example.gov.uk:…"'],
    ['smtp://', 'must name a host'],
    ['not a url at all', 'is not a valid URL'],
  ])('rejects SMTP_URL=%s', (value, problem) => {
    expect(problemsOf({ SMTP_URL: value })).toEqual([{ variable: 'SMTP_URL', problem, example: expect.stringContaining('SMTP_URL=smtp://') }]);
  });

  it.each([
    ['complaints.example.gov.uk', 'is not a valid URL'],
    ['ftp://complaints.example.gov.uk', 'must start with https:// or http://, got "ftp:…"'],
    ['https://complaints.example.gov.uk/complaint', 'must be only the scheme, host and port'],
  ])('rejects PUBLIC_URL=%s', (value, problem) => {
    expect(problemsOf({ PUBLIC_URL: value })).toEqual([{ variable: 'PUBLIC_URL', problem, example: 'PUBLIC_URL=https://complaints.example.gov.uk' }]);
  });

  it('reads PUBLIC_URL as an origin, with a trailing slash or a port', () => {
    const origin = (value: string) => {
      const result = parseConfig({ PUBLIC_URL: value });
      return result.ok ? result.value.publicOrigin : result.error.problems;
    };
    expect(origin('https://Complaints.Example.gov.uk/')).toBe('https://complaints.example.gov.uk');
    expect(origin('http://127.0.0.1:4321')).toBe('http://127.0.0.1:4321');
  });

  it('names DATA_DIR, not a raw system error, when it is a file', () => {
    const file = join(tmpdir(), `config-test-file-${process.pid}`);
    writeFileSync(file, 'not a folder');
    try {
      expect(() => loadConfig({ DATA_DIR: file })).toThrow(
        new RegExp(`DATA_DIR: "${file}" cannot be used as a folder the service writes to \\(ENOTDIR\\)\\. Example: DATA_DIR=`),
      );
    } finally {
      rmSync(file);
    }
  });

  it('names DATABASE_URL when PostgreSQL cannot be used, with where and why but never the password', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5433'), { code: 'ECONNREFUSED' });
    const problem = storeStartProblem({ database: { kind: 'postgres', url: 'postgres://app:hunter2@10.0.0.5:5433/complaints' }, dataDir: '/d' }, refused);
    expect(problem).toEqual({
      variable: 'DATABASE_URL',
      problem: 'could not use PostgreSQL at 10.0.0.5:5433/complaints (ECONNREFUSED)',
      example: expect.stringContaining('DATABASE_URL=postgres://'),
    });
    const login = Object.assign(new Error('password authentication failed for user "app"'), { code: '28P01' });
    expect(storeStartProblem({ database: { kind: 'postgres', url: 'postgres://app:hunter2@db/complaints' }, dataDir: '/d' }, login).problem).toBe(
      'could not use PostgreSQL at db/complaints (28P01: password authentication failed for user "app")',
    );
    expect(JSON.stringify(problem)).not.toContain('hunter2');
  });

  it('names DATA_DIR when the SQLite database cannot be opened', () => {
    const denied = Object.assign(new Error("EACCES: permission denied, mkdir '/srv/data'"), { code: 'EACCES' });
    expect(storeStartProblem({ database: { kind: 'sqlite', path: '/srv/data/complaints.sqlite' }, dataDir: '/srv/data' }, denied).variable).toBe('DATA_DIR');
  });

  it('accepts smtps:// for implicit TLS', () => {
    expect(problemsOf({ SMTP_URL: 'smtps://user:pass@mail.example.gov.uk:465' })).toEqual([]);
  });

  it('never repeats a password from a malformed URL', () => {
    const problems = problemsOf({ SMTP_URL: 'http://user:hunter2@mail.example', DATABASE_URL: 'mysql://root:hunter2@db/complaints' });
    expect(JSON.stringify(problems)).not.toContain('hunter2');
  });

  it.each([
    ['mysql://root@db/complaints', 'must start with postgres:// or postgresql://, got "mysql:…"'],
    ['sqlite:./data/x.sqlite', 'must start with postgres:// or postgresql://, got "sqlite:…"'],
    ['postgres://db.internal:port/complaints', 'is not a valid URL'],
    // Neither a host nor a database: libpq would quietly try the local socket and the user's own database.
    ['postgres://', 'must name a host or a database'],
  ])('rejects DATABASE_URL=%s, whatever NODE_ENV is', (value, problem) => {
    expect(problemsOf({ DATABASE_URL: value })).toEqual([{ variable: 'DATABASE_URL', problem, example: expect.stringContaining('DATABASE_URL=postgres://') }]);
  });

  it.each([
    ['postgresql://db.internal/complaints'],
    // The local Unix socket, as libpq reads a URL without a host.
    ['postgres:///complaints'],
  ])('accepts DATABASE_URL=%s', (url) => {
    const result = parseConfig({ DATABASE_URL: url });
    expect(result.ok && result.value.database).toEqual({ kind: 'postgres', url });
  });

  it.each([
    // Row comments say what an operator could have typed.
    ['PORT', 'abc', 'must be a whole number from 0 to 65535, got "abc"'],
    ['PORT', '70000', 'must be a whole number from 0 to 65535, got "70000"'],
    ['SESSION_TTL_MINUTES', '0', 'must be a whole number from 5 to 1440, got "0"'],
    ['RETENTION_DAYS', '-1', 'must be a whole number from 1 to 3650, got "-1"'],
    ['OUTBOX_POLL_MS', '1.5', 'must be a whole number from 50 to 3600000, got "1.5"'],
    ['LOG_LEVEL', 'verbose', 'must be one of debug, info, warn, error, got "verbose"'],
    ['COUNCIL', 'North Somerset', 'must be a council file name in kebab-case, got "North Somerset"'],
    ['COMPLAINTS_TEAM_EMAIL', 'team.example.gov.uk', 'must be one email address, got "team.example.gov.uk"'],
    ['ALERT_EMAIL', 'a@example.gov.uk, b@example.gov.uk', 'must be one email address, got "a@example.gov.uk, b@example.gov.uk"'],
    ['MAIL_FROM', 'Example Council', 'must contain an email address, got "Example Council"'],
    ['SESSION_SECRET', 'too-short', 'must be at least 32 characters, got 9'],
  ])('explains a malformed %s=%s', (variable, value, problem) => {
    expect(problemsOf({ [variable]: value })).toEqual([{ variable, problem, example: expect.stringContaining(`${variable}=`) }]);
  });

  it('resolves COUNCIL_FILE to an absolute path, and leaves it unset by default', () => {
    const withFile = parseConfig({ COUNCIL_FILE: 'councils/ours.yaml' });
    expect(withFile.ok && withFile.value.councilFile).toBe(resolve('councils/ours.yaml'));
    const without = parseConfig({});
    expect(without.ok && without.value.councilFile).toBeUndefined();
  });

  it.each([
    // Nothing set means the catalogue as written.
    [{}, 'en'],
    // A developer checking that every word on a page comes from the catalogue.
    [{ LOCALE: 'en-XA' }, 'en-XA'],
  ])('reads LOCALE from %j as %s', (env, locale) => {
    const result = parseConfig(env);
    expect(result.ok && result.value.locale).toBe(locale);
  });

  it.each([
    // The pseudo-locale would show residents every word in accented letters.
    [{ ...production, LOCALE: 'en-XA' }, 'must be "en", got "en-XA"'],
    [{ ...production, LOCALE: 'cy' }, 'must be "en", got "cy"'],
    [{ LOCALE: 'cy' }, 'must be "en" or the pseudo-locale "en-XA", got "cy"'],
  ])('refuses LOCALE in %j', (env, problem) => {
    expect(problemsOf(env)).toEqual([{ variable: 'LOCALE', problem, example: 'LOCALE=en' }]);
  });

  it.each([
    ['64 hex characters', 'ab'.repeat(32)],
    ['base64', Buffer.alloc(32, 3).toString('base64')],
    ['base64url', Buffer.alloc(32, 0xfb).toString('base64url')],
  ])('reads ENCRYPTION_KEY written as %s', (_format, value) => {
    const result = parseConfig({ ENCRYPTION_KEY: value });
    expect(result.ok && result.value.encryptionKey?.length).toBe(32);
  });

  it.each([
    ['16 bytes', Buffer.alloc(16, 1).toString('base64')],
    ['a passphrase', 'correct horse battery staple'],
  ])('rejects an ENCRYPTION_KEY that is %s, without repeating it', (_what, value) => {
    const problems = problemsOf({ ENCRYPTION_KEY: value });
    expect(problems.map((p) => p.variable)).toEqual(['ENCRYPTION_KEY']);
    expect(JSON.stringify(problems)).not.toContain(value);
  });

  it('reports every problem at once, not just the first', () => {
    expect(problemsOf({ NODE_ENV: 'production', PORT: 'x', LOG_LEVEL: 'loud' }).map((p) => p.variable)).toEqual([
      'PORT',
      'PUBLIC_URL',
      'SMTP_URL',
      'SESSION_SECRET',
      'LOG_LEVEL',
    ]);
  });

  it('refuses production with uploads on and no virus scanner, naming CLAMAV_URL and UPLOADS=off', () => {
    const { CLAMAV_URL: _scanner, ...withoutScanner } = production;
    const problems = problemsOf(withoutScanner);
    expect(problems.map((p) => p.variable)).toEqual(['CLAMAV_URL']);
    expect(problems[0]?.problem).toMatch(/UPLOADS=off/);
  });

  it('starts production without a scanner when uploads are off', () => {
    const { CLAMAV_URL: _scanner, ...withoutScanner } = production;
    const result = parseConfig({ ...withoutScanner, UPLOADS: 'off' });
    expect(result.ok && result.value.uploads).toEqual({ enabled: false, clamavUrl: undefined });
  });

  it('reads CLAMAV_URL over TCP or a Unix socket, and MAIL_MAX_BYTES with a 20 MB default', () => {
    const tcp = parseConfig({ CLAMAV_URL: 'tcp://127.0.0.1:3310', MAIL_MAX_BYTES: '10000000' });
    expect(tcp.ok && [tcp.value.uploads.clamavUrl, tcp.value.mailMaxBytes]).toEqual(['tcp://127.0.0.1:3310', 10_000_000]);
    const unix = parseConfig({ CLAMAV_URL: 'unix:///run/clamav/clamd.ctl' });
    expect(unix.ok && [unix.value.uploads.clamavUrl, unix.value.mailMaxBytes]).toEqual(['unix:///run/clamav/clamd.ctl', 20 * 1024 * 1024]);
  });

  it.each(['http://127.0.0.1:3310', 'tcp://127.0.0.1', 'unix://', 'clamd'])('rejects CLAMAV_URL=%s', (value) => {
    expect(problemsOf({ CLAMAV_URL: value }).map((p) => p.variable)).toEqual(['CLAMAV_URL']);
  });

  it('leaves metrics off and sets the free-space floor at 50 MB when nothing is set, in production too', () => {
    for (const env of [{}, production]) {
      const result = parseConfig(env);
      expect(result.ok && [result.value.metrics, result.value.readiness]).toEqual([{ token: undefined }, { minFreeMb: 50 }]);
    }
  });

  it('reads METRICS_TOKEN and READY_MIN_FREE_MB', () => {
    const result = parseConfig({ METRICS_TOKEN: 'Rk3_9x-Qe.7~t+P/aZ0b==', READY_MIN_FREE_MB: '0' });
    expect(result.ok && [result.value.metrics.token, result.value.readiness.minFreeMb]).toEqual(['Rk3_9x-Qe.7~t+P/aZ0b==', 0]);
  });

  it.each([
    ['short', 'must be at least 16 characters, got 5'],
    // Pasted with a space or quotes, it would never match the header Prometheus sends.
    ['"0123456789abcdef0123"', 'may contain only letters, digits and - . _ ~ + / (and = at the end)'],
    ['0123456789 abcdef0123', 'may contain only letters, digits and - . _ ~ + / (and = at the end)'],
  ])('rejects METRICS_TOKEN=%s without repeating it', (value, problem) => {
    const problems = problemsOf({ METRICS_TOKEN: value });
    expect(problems).toEqual([{ variable: 'METRICS_TOKEN', problem, example: 'METRICS_TOKEN=$(openssl rand -hex 32)' }]);
    expect(JSON.stringify(problems)).not.toContain(value);
  });

  it.each([
    ['lots', 'must be a whole number from 0 to 1000000, got "lots"'],
    ['-5', 'must be a whole number from 0 to 1000000, got "-5"'],
    ['1.5', 'must be a whole number from 0 to 1000000, got "1.5"'],
  ])('rejects READY_MIN_FREE_MB=%s', (value, problem) => {
    expect(problemsOf({ READY_MIN_FREE_MB: value })).toEqual([{ variable: 'READY_MIN_FREE_MB', problem, example: 'READY_MIN_FREE_MB=50' }]);
  });

  it('treats an empty or blank variable as unset', () => {
    const result = parseConfig({ PORT: '', HOST: '  ', LOG_LEVEL: '' });
    expect(result.ok && [result.value.port, result.value.host, result.value.logLevel]).toEqual([4321, '127.0.0.1', 'info']);
  });
});

describe('case delivery by webhook', () => {
  const URL_ = 'https://casework.example.gov.uk/hooks/complaints?token=abc123';
  const SECRET_ = `whsec_${Buffer.alloc(32, 5).toString('base64')}`;

  it('sends by email only when nothing is set', () => {
    const result = parseConfig({});
    expect(result.ok && result.value.caseDelivery).toEqual({ email: true, webhook: undefined });
  });

  it('adds the webhook when its URL and secret are set', () => {
    const result = parseConfig({ CASE_WEBHOOK_URL: URL_, CASE_WEBHOOK_SECRET: SECRET_ });
    expect(result.ok && result.value.caseDelivery).toEqual({ email: true, webhook: { url: URL_, secret: SECRET_ } });
  });

  it('turns the team’s email off only with a webhook to carry the case', () => {
    const result = parseConfig({ CASE_WEBHOOK_URL: URL_, CASE_WEBHOOK_SECRET: SECRET_, CASE_EMAIL: 'off' });
    expect(result.ok && result.value.caseDelivery.email).toBe(false);
    expect(problemsOf({ CASE_EMAIL: 'off' })).toEqual([
      {
        variable: 'CASE_EMAIL',
        problem: 'may be "off" only when CASE_WEBHOOK_URL is set, or cases would reach nobody',
        example: 'CASE_EMAIL=off (only with CASE_WEBHOOK_URL set)',
      },
    ]);
  });

  it.each([
    // [what is wrong, environment, the variable named]
    ['a URL without its secret', { CASE_WEBHOOK_URL: URL_ }, 'CASE_WEBHOOK_SECRET'],
    ['a secret without a URL', { CASE_WEBHOOK_SECRET: SECRET_ }, 'CASE_WEBHOOK_URL'],
    ['a secret without the whsec_ prefix', { CASE_WEBHOOK_URL: URL_, CASE_WEBHOOK_SECRET: Buffer.alloc(32, 5).toString('base64') }, 'CASE_WEBHOOK_SECRET'],
    [
      'a secret too short to be safe (16 bytes)',
      { CASE_WEBHOOK_URL: URL_, CASE_WEBHOOK_SECRET: `whsec_${Buffer.alloc(16, 5).toString('base64')}` },
      'CASE_WEBHOOK_SECRET',
    ],
    ['a secret that is not base64', { CASE_WEBHOOK_URL: URL_, CASE_WEBHOOK_SECRET: 'whsec_not base64 at all!!' }, 'CASE_WEBHOOK_SECRET'],
    ['a URL that is not http or https', { CASE_WEBHOOK_URL: 'ftp://casework.example.gov.uk/', CASE_WEBHOOK_SECRET: SECRET_ }, 'CASE_WEBHOOK_URL'],
    ['CASE_EMAIL neither on nor off', { CASE_EMAIL: 'no' }, 'CASE_EMAIL'],
    [
      'a URL with a password, which fetch refuses',
      { CASE_WEBHOOK_URL: 'https://u:pw@casework.example.gov.uk/', CASE_WEBHOOK_SECRET: SECRET_ },
      'CASE_WEBHOOK_URL',
    ],
  ])('refuses %s, naming the variable', (_what, env, variable) => {
    expect(problemsOf(env).map((p) => p.variable)).toEqual([variable]);
  });

  it('refuses a plain http:// address in production, where a case would cross the network unencrypted', () => {
    const env = { ...production, CASE_WEBHOOK_URL: 'http://casework.example.gov.uk/hooks', CASE_WEBHOOK_SECRET: SECRET_ };
    expect(problemsOf(env).map((p) => p.variable)).toEqual(['CASE_WEBHOOK_URL']);
    expect(problemsOf({ ...env, CASE_WEBHOOK_URL: URL_ })).toEqual([]);
  });

  it('never repeats the secret or the URL, which may carry a token', () => {
    const text = JSON.stringify([
      ...problemsOf({ CASE_WEBHOOK_URL: URL_, CASE_WEBHOOK_SECRET: 'whsec_c2hvcnQ=' }),
      ...problemsOf({ CASE_WEBHOOK_URL: 'ftp://u:abc123@casework.example.gov.uk/', CASE_WEBHOOK_SECRET: SECRET_ }),
    ]);
    expect(text).not.toContain('c2hvcnQ=');
    expect(text).not.toContain('abc123');
  });
});
