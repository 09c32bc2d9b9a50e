/**
 * Structured logging: one JSON object per line, info and below to stdout, warn and error to stderr.
 *
 * Logs must never hold personal data. The people who use this service are children and families
 * telling the council about social care; their names, addresses, answers and even email addresses
 * must stay in the database (encrypted, purged on schedule) and the team's mailbox, not in log
 * files that are shipped, kept for months and read by people who have no need to see them. So the
 * logger takes only an allow-list of field names whose values are identifiers or measurements
 * (a reference, a status code, a duration) and drops every other field, and it never logs an
 * error's message (mail servers echo addresses, databases echo values): only its name and code.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Field names that may appear in a log line; anything else is dropped. */
export const allowedLogFields = [
  'reference',
  'requestId',
  'route',
  'method',
  'path',
  'status',
  'attempts',
  'messageKind',
  'messageId',
  'outboxId',
  'durationMs',
  'errorCode',
  'errorName',
  'workerId',
  'engine',
  'migration',
  'count',
  'depth',
  'oldestAgeSeconds',
  'delivered',
  'retried',
  'failed',
  'cases',
  'messages',
  'sessions',
  'savedDrafts',
  'retryInSeconds',
  'council',
  'host',
  'port',
  'copyKey',
  // Why a file was not added (a code), clamd's signature name or its error line: never a file name or its content.
  'uploadError',
  'signature',
  'scannerError',
] as const;

export type LogField = (typeof allowedLogFields)[number];
export type LogValue = string | number | boolean | null | undefined;
/** Allowed fields, plus `error` from which only the name and code are kept. */
export type LogFields = { [K in LogField]?: LogValue } & { error?: unknown };

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds these fields to every line. */
  child(fields: LogFields): Logger;
}

export interface LogStream {
  write(chunk: string): unknown;
}

export interface LoggerOptions {
  level: LogLevel;
  /** Where every line goes; by default info and below go to stdout, warn and error to stderr. */
  stream?: LogStream;
  clock?: () => number;
}

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const ALLOWED = new Set<string>(allowedLogFields);
const MAX_VALUE_LENGTH = 200;
const EMAIL_ADDRESS = /[^\s<>"'(),;:@]+@[^\s<>"'(),;:@]+/g;

/** Creates a logger that writes JSON lines and keeps only allow-listed fields. */
export function createLogger(options: LoggerOptions): Logger {
  const clock = options.clock ?? Date.now;
  const threshold = LEVEL_ORDER[options.level];
  const write = (level: LogLevel, line: string): void => {
    if (options.stream) options.stream.write(line);
    else if (LEVEL_ORDER[level] >= LEVEL_ORDER.warn) process.stderr.write(line);
    else process.stdout.write(line);
  };

  const build = (base: Record<string, LogValue | string[]>): Logger => {
    const emit = (level: LogLevel, message: string, fields?: LogFields): void => {
      if (LEVEL_ORDER[level] < threshold) return;
      const entry: Record<string, unknown> = { time: new Date(clock()).toISOString(), level, msg: message, ...base };
      Object.assign(entry, toSafeFields(fields));
      write(level, JSON.stringify(entry) + '\n');
    };
    return {
      debug: (message, fields) => emit('debug', message, fields),
      info: (message, fields) => emit('info', message, fields),
      warn: (message, fields) => emit('warn', message, fields),
      error: (message, fields) => emit('error', message, fields),
      child: (fields) => build({ ...base, ...toSafeFields(fields) }),
    };
  };
  return build({});
}

/**
 * Keeps allow-listed fields with primitive values, turns `error` into its name and code, and
 * lists the names (never the values) of dropped fields so a developer can see what was refused.
 */
function toSafeFields(fields: LogFields | undefined): Record<string, LogValue | string[]> {
  const safe: Record<string, LogValue | string[]> = {};
  if (!fields) return safe;
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(fields as Record<string, unknown>)) {
    if (value === undefined) continue;
    if (key === 'error') {
      Object.assign(safe, toErrorFields(value));
    } else if (ALLOWED.has(key) && isPrimitive(value)) {
      safe[key] = toSafeFieldValue(key, value);
    } else {
      dropped.push(key);
    }
  }
  if (dropped.length > 0) safe['droppedFields'] = dropped;
  return safe;
}

function toErrorFields(error: unknown): Record<string, LogValue> {
  if (error === null || typeof error !== 'object') return { errorName: typeof error };
  const { name, code } = error as { name?: unknown; code?: unknown };
  const fields: Record<string, LogValue> = { errorName: typeof name === 'string' ? toSafeString(name) : 'Error' };
  if (typeof code === 'string' || typeof code === 'number') fields['errorCode'] = toSafeValue(code);
  return fields;
}

function isPrimitive(value: unknown): value is LogValue {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function toSafeFieldValue(key: string, value: LogValue): LogValue {
  if (typeof value !== 'string') return value;
  if (key === 'path') return toSafeString(stripQuery(value));
  // Message-IDs look like addresses but are made by the outbox from the reference, never by a person.
  if (key === 'messageId') return value.slice(0, MAX_VALUE_LENGTH);
  return toSafeString(value);
}

function toSafeValue(value: LogValue): LogValue {
  return typeof value === 'string' ? toSafeString(value) : value;
}

/** Even an allowed field could be misused for free text; cut it short and mask anything like an email address. */
function toSafeString(value: string): string {
  return maskEmailAddresses(value.slice(0, MAX_VALUE_LENGTH));
}

/** Replaces anything shaped like an email address with "[email]" (mail servers echo recipients in their replies). */
export function maskEmailAddresses(text: string): string {
  return text.replace(EMAIL_ADDRESS, '[email]');
}

/** Query strings and fragments can carry search terms or tokens; only the path is logged. */
function stripQuery(path: string): string {
  return path.replace(/[?#].*$/s, '');
}
