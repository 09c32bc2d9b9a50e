import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * Reads a V8 CPU profile of the service and says where its time went: by
 * package or part of Node.js, and by function, counting self time (the time a function spent in
 * its own code, not in what it called), so the totals add up to the whole run.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Share of the profiled time. */
export interface ProfileShare {
  name: string;
  ms: number;
  percent: number;
}

/** Where the time went. */
export interface ProfileSummary {
  file: string;
  totalMs: number;
  /** Not idle: the time the service's thread was working. */
  busyMs: number;
  byArea: ProfileShare[];
  /** Time with the area anywhere on the stack: what it and everything it called cost. */
  byAreaInclusive: ProfileShare[];
  byFunction: ProfileShare[];
}

/** The package or part of the runtime a script belongs to. */
export function toArea(url: string, functionName: string): string {
  if (url === '') {
    if (functionName === '(idle)') return '(idle)';
    if (functionName === '(garbage collector)') return '(garbage collector)';
    if (functionName === '(program)') return '(program: V8 and native code)';
    return '(native)';
  }
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0] === 'internal' ? url.slice(5).split('/').slice(0, 2).join('/') : url.slice(5)}`;
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules?.[1]) return inModules[1];
  if (url.includes('/dist/server/')) return 'the service (dist/server)';
  if (url.includes('/scripts/')) return 'scripts/serve.mjs';
  return url;
}

/** Summarises a profile file: the `top` areas and functions by self time. */
export function summariseProfile(file: string, top = 12): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id)?.callFrame;
    if (frame === undefined) continue;
    totalUs += us;
    const area = toArea(frame.url, frame.functionName);
    if (area === '(idle)') idleUs += us;
    areas.set(area, (areas.get(area) ?? 0) + us);
    const where = frame.url === '' ? '' : ` ${frame.url.replace(/^.*\/(node_modules|dist|scripts)\//, '$1/')}:${frame.lineNumber + 1}`;
    const name = `${frame.functionName || '(anonymous)'}${where}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
  }
  const busyUs = totalUs - idleUs;
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
      const frame = nodes.get(at)?.callFrame;
      if (frame === undefined || frame.functionName === '(root)') continue;
      seen.add(toArea(frame.url, frame.functionName));
    }
    for (const area of seen) inclusive.set(area, (inclusive.get(area) ?? 0) + us);
  }
  const toShares = (map: Map<string, number>) =>
    [...map]
      .filter(([name]) => name !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: Math.round(us / 1000), percent: busyUs > 0 ? (100 * us) / busyUs : 0 }));
  return {
    file,
    totalMs: Math.round(totalUs / 1000),
    busyMs: Math.round(busyUs / 1000),
    byArea: toShares(areas),
    byAreaInclusive: toShares(inclusive),
    byFunction: toShares(functions),
  };
}

/** The summary as Markdown. */
export function formatProfileSummary(summary: ProfileSummary): string {
  const table = (title: string, shares: ProfileShare[]) =>
    [
      `| ${title} | ms | % of busy time |`,
      '|---|---:|---:|',
      ...shares.map((s) => `| ${s.name.replace(/\|/g, '\\|')} | ${s.ms} | ${s.percent.toFixed(1)} |`),
    ].join('\n');
  return [
    `## CPU profile: ${basename(summary.file, '.cpuprofile')}`,
    '',
    `Profiled ${(summary.totalMs / 1000).toFixed(1)} s, of which the service's thread was busy ${(summary.busyMs / 1000).toFixed(1)} s (idle left out of the shares).`,
    '',
    table('where (self time)', summary.byArea),
    '',
    table('where, with what it called (inclusive)', summary.byAreaInclusive),
    '',
    table('function (self time)', summary.byFunction),
    '',
  ].join('\n');
}
