import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * CPU profiles of the service for one measured phase at a time, taken through the inspector
 * protocol (the service runs with --inspect on a loopback port). A --cpu-prof profile of the whole
 * run would mix start-up, the journey walk, session preparation and Lighthouse with the loads;
 * these show only what the service did while one load ran.
 */
export interface PhaseProfiler {
  /** Starts sampling. */
  start(): Promise<void>;
  /** Stops sampling and writes `<name>.cpuprofile` to the folder; returns its path. */
  stop(name: string): Promise<string>;
  close(): void;
}

interface CdpReply {
  id?: number;
  result?: Record<string, unknown>;
  error?: { message: string };
}

/** Connects to the inspector of a process started with --inspect=127.0.0.1:<port>. */
export async function connectProfiler(inspectPort: number, dir: string): Promise<PhaseProfiler> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
  const url = targets[0]?.webSocketDebuggerUrl;
  if (url === undefined) throw new Error(`No inspector target on port ${inspectPort}`);
  const socket = new WebSocket(url);
  await new Promise<void>((done, fail) => {
    socket.addEventListener('open', () => done(), { once: true });
    socket.addEventListener('error', () => fail(new Error(`Could not connect to the inspector at ${url}`)), { once: true });
  });
  let nextId = 1;
  const pending = new Map<number, { done: (result: Record<string, unknown>) => void; fail: (error: Error) => void }>();
  socket.addEventListener('message', (event) => {
    const reply = JSON.parse(String(event.data)) as CdpReply;
    if (reply.id === undefined) return;
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.error) waiting?.fail(new Error(reply.error.message));
    else waiting?.done(reply.result ?? {});
  });
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<Record<string, unknown>>((done, fail) => {
      const id = nextId++;
      pending.set(id, { done, fail });
      socket.send(JSON.stringify({ id, method, params }));
    });

  await call('Profiler.enable');
  // 1 ms, --cpu-prof's default sampling interval.
  await call('Profiler.setSamplingInterval', { interval: 1000 });
  mkdirSync(dir, { recursive: true });
  return {
    start: async () => {
      await call('Profiler.start');
    },
    stop: async (name) => {
      const { profile } = await call('Profiler.stop');
      const file = join(dir, `${name}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      return file;
    },
    close: () => socket.close(),
  };
}
