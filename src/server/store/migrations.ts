/**
 * Schema changes, in order. Each is applied once, in its own transaction, and recorded in
 * `schema_migrations`. Never edit a migration that has shipped: add the next one.
 *
 * Times are epoch milliseconds in BIGINT columns on both engines. JSON is kept as TEXT so the
 * same column can hold plain JSON or an `enc:v1:` ciphertext (see crypto.ts).
 */

export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

const tables = (serial: string): string => `
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  data TEXT NOT NULL,
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  submitted_reference TEXT
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE cases (
  reference TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  summary TEXT NOT NULL,
  record TEXT,
  purged_at BIGINT
);

CREATE TABLE outbox (
  id ${serial},
  reference TEXT NOT NULL REFERENCES cases (reference),
  kind TEXT NOT NULL,
  message_id TEXT NOT NULL UNIQUE,
  payload TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  last_attempt_at BIGINT,
  delivered_at BIGINT,
  failed_at BIGINT,
  last_error TEXT,
  smtp_response TEXT,
  delivered_message_id TEXT,
  claimed_by TEXT,
  claimed_until BIGINT
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_reference ON outbox (reference);

CREATE TABLE rate_limits (
  key_hash TEXT NOT NULL,
  window_ms BIGINT NOT NULL,
  window_start BIGINT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (key_hash, window_ms, window_start)
);
`;

/**
 * One row that GET /health/ready overwrites on every probe: a real committed write, so the check
 * fails for the reasons a Send would (read-only database, full disk, lock held) and costs one row.
 */
const healthProbe = `
CREATE TABLE health_probe (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  checked_at BIGINT NOT NULL
);
INSERT INTO health_probe (id, checked_at) VALUES (1, 0);
`;

/**
 * Files sent with a complaint: held with the session while it is answered (`session_id`), moved to
 * the case in the Send transaction (`reference`), deleted with either. `content` is the file's
 * bytes, sealed with ENCRYPTION_KEY when `sealed` is 1; `name` is sealed like any answer.
 */
const uploads = (bytes: string): string => `
CREATE TABLE uploads (
  id TEXT PRIMARY KEY,
  session_id TEXT,
  reference TEXT,
  created_at BIGINT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  scan TEXT NOT NULL,
  sealed INTEGER NOT NULL,
  content ${bytes} NOT NULL
);
CREATE INDEX uploads_session ON uploads (session_id);
CREATE INDEX uploads_reference ON uploads (reference);
`;

/**
 * Answers saved to come back to: looked up by a hash of the return code (the code itself is never
 * stored), opened with a slow hash of the person's word. Wrong words are counted per code hash in
 * `resume_failures` (codes that do not exist included, so a lock never says a code exists).
 */
const savedDrafts = `
CREATE TABLE saved_drafts (
  code_hash TEXT PRIMARY KEY,
  secret_hash TEXT NOT NULL,
  data TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX saved_drafts_expires_at ON saved_drafts (expires_at);

CREATE TABLE resume_failures (
  code_hash TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  locked_until BIGINT,
  expires_at BIGINT NOT NULL
);
`;

/**
 * Each session keeps at most one draft (a second save replaces it, even two racing), and Exit this
 * page deletes every draft its session made, whichever code the session last showed. Drafts saved
 * before this have no session and are found by their code hash alone, as before.
 */
const draftSessions = `
ALTER TABLE saved_drafts ADD COLUMN session_id TEXT;
CREATE UNIQUE INDEX saved_drafts_session ON saved_drafts (session_id);
`;

/**
 * One row of anonymous facts per case for the annual report (domain/case-figures.ts), written in
 * the Send transaction and never deleted by retention. It holds no reference, and its key is
 * random rather than a sequence, so rows cannot be put in the order cases arrived and matched to
 * the cases table by position; `month` (YYYY-MM) is the finest date it keeps. In SQLite the table
 * is WITHOUT ROWID, as a rowid would be that sequence again and rows are stored in its order.
 */
const caseFigures = (options: string) => `
CREATE TABLE case_figures (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  month TEXT NOT NULL,
  facts TEXT NOT NULL
)${options};
CREATE INDEX case_figures_month ON case_figures (month);
`;

/** Every migration, oldest first. */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'sessions, cases, outbox and rate limits',
    sqlite: tables('INTEGER PRIMARY KEY AUTOINCREMENT'),
    postgres: tables('BIGSERIAL PRIMARY KEY'),
  },
  { version: 2, name: 'health probe', sqlite: healthProbe, postgres: healthProbe },
  { version: 3, name: 'uploaded files', sqlite: uploads('BLOB'), postgres: uploads('BYTEA') },
  { version: 4, name: 'saved drafts and resume failures', sqlite: savedDrafts, postgres: savedDrafts },
  { version: 5, name: 'anonymous case figures', sqlite: caseFigures(' WITHOUT ROWID'), postgres: caseFigures('') },
  { version: 6, name: 'saved drafts keyed by their session', sqlite: draftSessions, postgres: draftSessions },
];
