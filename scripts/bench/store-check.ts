import { DatabaseSync } from 'node:sqlite';
import type { RowSizes } from './baseline.ts';

/** What the database holds for a set of sessions that pressed Send. */
export interface OutboxCheck {
  sessions: number;
  /** Sessions that have a reference: complaints sent. */
  sent: number;
  /** Of those, cases written. */
  cases: number;
  outboxMessages: number;
  /** Sent cases with no message for the complaints team. */
  casesWithoutTeamMessage: number;
  /** Average sizes of the rows, for the baseline's write. */
  rowSizes: RowSizes;
}

/**
 * Reads the service's SQLite file (read-only; WAL lets it do so while the service runs) and checks
 * every Send left a case and its emails in the outbox. Table and column names are those of
 * src/server/store/migrations.ts.
 */
export function checkOutbox(databasePath: string, sessionIds: readonly string[]): OutboxCheck {
  const db = new DatabaseSync(databasePath, { readOnly: true });
  try {
    db.exec('CREATE TEMP TABLE bench_sessions (id TEXT PRIMARY KEY)');
    const insert = db.prepare('INSERT OR IGNORE INTO bench_sessions (id) VALUES (?)');
    for (const id of sessionIds) insert.run(id);
    const one = (sql: string) => db.prepare(sql).get() as Record<string, number | null>;
    const sent = one(`SELECT COUNT(*) AS n FROM sessions s JOIN bench_sessions b ON b.id = s.id WHERE s.submitted_reference IS NOT NULL`);
    const cases = one(
      `SELECT COUNT(*) AS n, AVG(LENGTH(c.summary)) AS summary, AVG(LENGTH(c.record)) AS record, AVG(LENGTH(s.data)) AS session_data
       FROM sessions s JOIN bench_sessions b ON b.id = s.id JOIN cases c ON c.reference = s.submitted_reference`,
    );
    const messages = one(
      `SELECT COUNT(*) AS n, AVG(LENGTH(o.payload)) AS payload
       FROM sessions s JOIN bench_sessions b ON b.id = s.id JOIN outbox o ON o.reference = s.submitted_reference`,
    );
    const withoutTeam = one(
      `SELECT COUNT(*) AS n FROM sessions s JOIN bench_sessions b ON b.id = s.id
       WHERE s.submitted_reference IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.reference = s.submitted_reference AND o.kind = 'team')`,
    );
    return {
      sessions: sessionIds.length,
      sent: Number(sent['n'] ?? 0),
      cases: Number(cases['n'] ?? 0),
      outboxMessages: Number(messages['n'] ?? 0),
      casesWithoutTeamMessage: Number(withoutTeam['n'] ?? 0),
      rowSizes: {
        summary: Math.round(Number(cases['summary'] ?? 0)),
        record: Math.round(Number(cases['record'] ?? 0)),
        sessionData: Math.round(Number(cases['session_data'] ?? 0)),
        payload: Math.round(Number(messages['payload'] ?? 0)),
      },
    };
  } finally {
    db.close();
  }
}
