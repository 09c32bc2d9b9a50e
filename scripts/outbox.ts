/**
 * The operator's view of the outbox, run on the server with the service's environment:
 *
 *   npm run outbox -- list                      messages not yet delivered
 *   npm run outbox -- requeue CSC-7K4M-2P9X     send a case's undelivered messages again now
 *   npm run outbox -- files CSC-7K4M-2P9X [DIR] save the files sent with a case to a folder
 *
 * It prints references, kinds, counts and mail server replies (with addresses masked), never
 * names, addresses or what anyone wrote.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadConfig } from '../src/server/config.ts';
import { createStore, type Store } from '../src/server/store/index.ts';
import type { OutboxStatusRow } from '../src/server/store/types.ts';

const USAGE = `Usage:
  npm run outbox -- list                 list messages not yet delivered
  npm run outbox -- requeue <reference>  send a case's undelivered messages again now
  npm run outbox -- files <reference> [folder]
                                         save the documents and photos sent with a case
                                         (default folder: ./files-<reference>)
`;

const MAX_ERROR_WIDTH = 60;

export interface OutboxCommandContext {
  store: Store;
  now: number;
  write: (text: string) => void;
}

/** Runs one command and returns the process exit code. */
export async function runOutboxCommand(args: readonly string[], context: OutboxCommandContext): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'list' && rest.length === 0) {
    const rows = await context.store.listUndelivered();
    context.write(rows.length === 0 ? 'Every message has been delivered.\n' : formatTable(rows, context.now));
    return 0;
  }
  if (command === 'files' && (rest.length === 1 || rest.length === 2)) {
    const reference = toReference(rest[0]!);
    if (!reference) {
      context.write(`"${rest[0]}" does not look like a reference, such as CSC-7K4M-2P9X.\n`);
      return 1;
    }
    return saveCaseFiles(reference, resolve(rest[1] ?? `files-${reference}`), context);
  }
  if (command === 'requeue' && rest.length === 1) {
    const reference = toReference(rest[0]!);
    if (!reference) {
      context.write(`"${rest[0]}" does not look like a reference, such as CSC-7K4M-2P9X.\n`);
      return 1;
    }
    const count = await context.store.requeue(reference, context.now);
    if (count === 0) {
      context.write(`Nothing to requeue for ${reference}: no undelivered messages (check the reference with "list").\n`);
      return 1;
    }
    context.write(
      `Requeued ${count} message${count === 1 ? '' : 's'} for ${reference}; the running service will send ${count === 1 ? 'it' : 'them'} within a few seconds.\n`,
    );
    return 0;
  }
  context.write(USAGE);
  return 1;
}

function toReference(raw: string): string | undefined {
  const reference = raw.trim().toUpperCase();
  return /^[A-Z0-9]+(-[A-Z0-9]+)+$/.test(reference) ? reference : undefined;
}

/**
 * Writes a case's files into `dir` (made if needed, readable by this user only), numbered in the
 * order they were sent so two files with one name both survive; never overwrites a file.
 */
async function saveCaseFiles(reference: string, dir: string, context: OutboxCommandContext): Promise<number> {
  const files = await context.store.listCaseFiles(reference);
  if (files.length === 0) {
    context.write(`No files are held for ${reference} (none were sent, or retention has deleted them).\n`);
    return 1;
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  for (const [index, file] of files.entries()) {
    const name = `${String(index + 1).padStart(2, '0')}-${file.name}`;
    // The name was made safe when the file arrived (no path separators), so it stays inside `dir`.
    await writeFile(join(dir, name), file.content, { mode: 0o600, flag: 'wx' });
    context.write(`${name}  ${file.size} bytes  sha256 ${file.sha256}${file.scan === 'clean' ? '' : '  NOT SCANNED'}\n`);
  }
  context.write(`Saved ${files.length} file${files.length === 1 ? '' : 's'} for ${reference} in ${dir}\n`);
  return 0;
}

/** Formats undelivered messages as a fixed-width table. */
export function formatTable(rows: readonly OutboxStatusRow[], now: number): string {
  const header = ['REFERENCE', 'KIND', 'ATTEMPTS', 'STATUS', 'AGE', 'NEXT TRY', 'LAST ERROR'];
  const body = rows.map((row) => [
    row.reference,
    row.kind,
    String(row.attempts),
    row.status,
    formatDuration(now - row.createdAt),
    row.status === 'failed' || row.nextAttemptAt === null ? '-' : row.nextAttemptAt <= now ? 'now' : `in ${formatDuration(row.nextAttemptAt - now)}`,
    truncate((row.lastError ?? '-').replace(/\s+/g, ' '), MAX_ERROR_WIDTH),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...body.map(line)].join('\n') + `\n\n${rows.length} undelivered; requeue with: npm run outbox -- requeue <reference>\n`;
}

/** "45s", "12m", "3h 05m", "2d 4h". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const store = await createStore({ database: config.database, encryptionKey: config.encryptionKey });
  try {
    process.exitCode = await runOutboxCommand(process.argv.slice(2), {
      store,
      now: Date.now(),
      write: (text) => process.stdout.write(text),
    });
  } finally {
    await store.close();
  }
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
    process.exitCode = 2;
  });
}
