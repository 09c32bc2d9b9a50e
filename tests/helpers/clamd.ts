import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real clamd (Debian's clamav-daemon) on loopback for one test file. The public signature
 * database cannot be downloaded here, so it gets a database of one signature made on the spot:
 * the MD5 of the EICAR test file (`sigtool --md5`), which every virus scanner treats as a virus.
 */

/**
 * The EICAR anti-virus test file: harmless, and detected as a virus by design. Written in two
 * halves so this source file is not itself what a scanner on a developer's machine reports.
 */
export const EICAR = Buffer.from(['X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR', '-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'].join(''), 'latin1');

export interface TestClamd {
  /** `tcp://127.0.0.1:<port>`, for CLAMAV_URL. */
  readonly url: string;
  readonly port: number;
  /** Stops clamd (SIGTERM) and waits for it: the port then refuses connections, as a scanner that is down does. */
  stop(): Promise<void>;
  /** Starts it again on the same port, after `stop`. */
  start(): Promise<void>;
  /** Stops it for good and deletes its folder. */
  dispose(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Whether clamd answers PING with PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    socket.setTimeout(1000, () => socket.destroy());
    socket.on('connect', () => socket.write('zPING\0'));
    socket.on('data', (chunk) => (reply += chunk.toString('utf8')));
    socket.on('close', () => resolve(reply.startsWith('PONG')));
    socket.on('error', () => resolve(false));
  });
}

/** Starts clamd with a one-signature database in a temporary folder; resolves once it answers PING. */
export async function startClamd(): Promise<TestClamd> {
  const dir = await mkdtemp(join(tmpdir(), 'complaints-clamd-'));
  const database = join(dir, 'db');
  await mkdir(database);
  await writeFile(join(dir, 'eicar.com'), EICAR);
  const signature = spawnSync('sigtool', ['--md5', join(dir, 'eicar.com')], { encoding: 'utf8' });
  if (signature.status !== 0) throw new Error(`sigtool failed (is Debian's clamav installed?): ${signature.stderr}`);
  // The signature names the file by its path's last part; clamd reports it as "eicar.com.UNOFFICIAL".
  await writeFile(join(database, 'test.hdb'), signature.stdout);
  const port = await freePort();
  const config = join(dir, 'clamd.conf');
  await writeFile(
    config,
    [
      'Foreground yes',
      `DatabaseDirectory ${database}`,
      `TemporaryDirectory ${dir}`,
      'TCPAddr 127.0.0.1',
      `TCPSocket ${port}`,
      // Above the largest upload, so a big file is scanned rather than refused by clamd's own limit.
      'StreamMaxLength 60M',
      'LogTime no',
      '',
    ].join('\n'),
  );
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const launch = async () => {
    let output = '';
    const started = spawn('clamd', ['-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    exited = new Promise<void>((resolve) => started.once('exit', () => resolve()));
    child = started;
    const deadline = Date.now() + 60_000;
    while (!(await ping(port))) {
      if (started.exitCode !== null || Date.now() > deadline) {
        started.kill('SIGKILL');
        throw new Error(`clamd did not start:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const stop = async () => {
    if (!child || child.exitCode !== null) return;
    child.kill('SIGTERM');
    await exited;
  };
  await launch();
  return {
    url: `tcp://127.0.0.1:${port}`,
    port,
    stop,
    start: launch,
    async dispose() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
