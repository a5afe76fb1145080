import type { CpuProfile } from './inspector.ts';

export interface HotSpot {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  /** Busy (non-idle) CPU time sampled in the tracker isolate. */
  busyMs: number;
  /** Self time by source file of the bundle; built-ins (JSON, crypto, fetch) count for the JS that called them. */
  files: HotSpot[];
  /** Time with a function anywhere on the stack: what a call costs including what it calls. */
  inclusive: HotSpot[];
}

type Frame = CpuProfile['nodes'][number]['callFrame'];

/** Line -> source file of the bundle, from esbuild's `// node_modules/...` and `// worker/...` markers. */
function fileIndex(bundle: string): (line: number) => string {
  const starts: { line: number; file: string }[] = [];
  bundle.split('\n').forEach((text, line) => {
    const match = /^\/\/ ((?:node_modules|worker|drizzle)\/\S+)$/.exec(text);
    if (match) starts.push({ line, file: match[1]! });
  });
  return (line) => {
    let lo = 0;
    let hi = starts.length - 1;
    let found = '(bundle preamble)';
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]!.line <= line) {
        found = starts[mid]!.file;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
}

function top(map: Map<string, number>, totalMs: number, count: number): HotSpot[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => ({
      name,
      ms: Math.round(ms),
      share: Math.round((ms / totalMs) * 1000) / 10,
    }));
}

function add(map: Map<string, number>, key: string, ms: number): void {
  map.set(key, (map.get(key) ?? 0) + ms);
}

// Idle time is left out: the question is where the busy CPU goes.
export function summarize(profile: CpuProfile, bundle: string, count = 15): ProfileSummary {
  const fileOf = fileIndex(bundle);
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const where = (f: Frame) =>
    f.url ? (/\.js$/.test(f.url) && f.url.includes('index') ? fileOf(f.lineNumber) : f.url) : '';
  const label = (f: Frame) => `${f.functionName || '(anonymous)'} ${where(f) || '(built-in)'}`;
  const byFile = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busyMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const leaf = nodes.get(id)?.callFrame;
    if (!leaf || leaf.functionName === '(idle)') return;
    busyMs += ms;
    const seen = new Set<string>();
    let owner = '';
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = nodes.get(at)!.callFrame;
      if (frame.functionName === '(root)') break;
      const name = label(frame);
      if (!seen.has(name)) add(inclusive, name, ms);
      seen.add(name);
      if (!owner && where(frame)) owner = where(frame);
    }
    add(byFile, owner || leaf.functionName || '(native)', ms);
  });
  return {
    busyMs: Math.round(busyMs),
    files: top(byFile, busyMs, count),
    inclusive: top(inclusive, busyMs, count * 2),
  };
}
