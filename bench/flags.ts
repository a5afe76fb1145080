import { parseArgs } from 'node:util';

export const PHASES = [
  'proxies',
  'floor',
  'paths',
  'routing',
  'ingest',
  'reports',
  'dashboard',
  'worker-size',
  'live',
] as const;
export type Phase = (typeof PHASES)[number];

export interface BenchFlags {
  /** Measured seconds per load run (after warmup). */
  duration: number;
  warmup: number;
  connections: number;
  /** Injected DB latencies; the first is the near database, the last the distant one. */
  latencies: number[];
  reportSizes: number[];
  reportSeconds: number;
  ingestSeconds: number;
  ingestBatch: number;
  ingestConcurrency: number;
  phases: Phase[];
  profile: boolean;
  keepDb: boolean;
  database: string;
}

const HELP = `npm run bench -- [flags]

  --duration S            measured seconds per load run            (default 6)
  --warmup S              warmup seconds before each run           (default 2)
  --connections N         concurrent connections of the load run   (default 16)
  --latencies A,B         injected DB latency in ms, near,far      (default 0,50)
  --report-sizes A,B      clicks in the DB for the report runs     (default 10000,1000000)
  --report-seconds S      measured seconds per report              (default 3)
  --ingest-seconds S      seconds per ingestion mode               (default 4)
  --ingest-batch N        rows per ingestClicks call               (default 100)
  --ingest-concurrency N  ingestion calls in flight                (default 2)
  --phases a,b            any of ${PHASES.join(',')} (default all)
  --no-profile            skip the extra profiled redirect run (bench/redirect.cpuprofile)
  --keep-db               keep the bench database afterwards
  --database NAME         MySQL database to (re)create            (default tracker_bench)
`;

function numbers(value: string, name: string): number[] {
  const list = value.split(',').map((v) => Number(v.trim()));
  if (list.length === 0 || list.some((n) => !Number.isFinite(n) || n < 0))
    throw new Error(`--${name} wants numbers, e.g. 0,50`);
  return list;
}

function positive(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`--${name} wants a positive number, got ${value}`);
  return n;
}

export function parseFlags(argv: string[]): BenchFlags {
  const { values } = parseArgs({
    args: argv,
    allowNegative: true,
    options: {
      duration: { type: 'string', default: '6' },
      warmup: { type: 'string', default: '2' },
      connections: { type: 'string', default: '16' },
      latencies: { type: 'string', default: '0,50' },
      'report-sizes': { type: 'string', default: '10000,1000000' },
      'report-seconds': { type: 'string', default: '3' },
      'ingest-seconds': { type: 'string', default: '4' },
      'ingest-batch': { type: 'string', default: '100' },
      'ingest-concurrency': { type: 'string', default: '2' },
      phases: { type: 'string', default: PHASES.join(',') },
      profile: { type: 'boolean', default: true },
      'keep-db': { type: 'boolean', default: false },
      database: { type: 'string', default: 'tracker_bench' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const phases = values.phases.split(',').map((p) => p.trim());
  const unknown = phases.find((p) => !(PHASES as readonly string[]).includes(p));
  if (unknown) throw new Error(`unknown phase ${unknown}: use ${PHASES.join(',')}`);
  const latencies = numbers(values.latencies, 'latencies');
  const reportSizes = numbers(values['report-sizes'], 'report-sizes');
  return {
    duration: positive(values.duration, 'duration'),
    warmup: Number(values.warmup),
    connections: Math.round(positive(values.connections, 'connections')),
    latencies: latencies.length === 1 ? [latencies[0]!, latencies[0]!] : latencies,
    reportSizes,
    reportSeconds: positive(values['report-seconds'], 'report-seconds'),
    ingestSeconds: positive(values['ingest-seconds'], 'ingest-seconds'),
    ingestBatch: Math.round(positive(values['ingest-batch'], 'ingest-batch')),
    ingestConcurrency: Math.round(positive(values['ingest-concurrency'], 'ingest-concurrency')),
    phases: phases as Phase[],
    profile: values.profile,
    keepDb: values['keep-db'],
    database: values.database,
  };
}
