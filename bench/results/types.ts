import type { IngestResult } from '../load/ingest-plan.ts';
import type { LoadResult } from '../load/plan.ts';
import type { ProfileSummary } from '../profile/summary.ts';

export type ScenarioName = 'noop' | 'redirect' | 'click_json' | 'postback';

/** One hot path under load at one injected database latency. */
export interface PathRun {
  scenario: ScenarioName;
  latencyMs: number;
  load: LoadResult;
  /** Execute calls per request, including the queue consumer's for what the path queued (all of the redirect's). */
  executesPerRequest: number;
  /** Sessions the endpoint opened per request: CreateSession calls plus sessionless Executes. */
  sessionsPerRequest: number;
  /** Against the no-op run at the same latency, measured just before. */
  vsNoop: { rps: number; p50: number; p99: number } | null;
  /** Redirect only: rows the queue consumer persisted per 302 answered (1.0 = no click lost). */
  persistedPerClick?: number;
}

/** Redirect runs alternating between the near and far database latency; shifts are medians over pairs. */
export interface DistanceCheck {
  nearMs: number;
  farMs: number;
  pairs: { near: LoadResult; far: LoadResult }[];
  p50ShiftMs: number;
  p99ShiftMs: number;
}

/** Redirect on a campaign with many routing rules against one with none, back-to-back pairs. */
export interface RoutingCheck {
  rules: number;
  pairs: { none: LoadResult; rules: LoadResult }[];
  /** Median over pairs of req/s with rules / without. */
  ratio: number;
}

export interface ProxyRun {
  mode: 'workerd direct socket' | 'miniflare entry worker' | 'wrangler dev';
  load: LoadResult | null;
  note?: string;
}

export interface FloorRun {
  step:
    | 'noop'
    | 'hmac + 302'
    | 'hmac + queue send + 302'
    | 'hmac + buffered sendBatch + 302'
    | 'rate limit + hmac + 302'
    | 'rate limit + hmac + queue send + 302';
  load: LoadResult;
  vsNoop: number;
}

export interface IngestRun extends IngestResult {
  latencyMs: number;
  executesPerRow: number;
}

export interface ReportRun {
  report: 'summary' | 'daily_stats' | 'clicks_page';
  clicksInDb: number;
  load: LoadResult;
}

export interface FixtureLoad {
  clicks: number;
  conversions: number;
  seconds: number;
  rollupSeconds: number;
}

export interface DashboardSize {
  measured: boolean;
  note?: string;
  jsGzipBytes?: number;
  cssGzipBytes?: number;
  /** What an affiliate downloads first (entry script and preloads). */
  initialJsGzipBytes?: number;
  /** The biggest console chunk, loaded only when its page opens. */
  largestChunkGzipBytes?: number;
  files?: { file: string; bytes: number; gzipBytes: number }[];
}

export interface Target {
  name: string;
  value: number | null;
  target: string;
  pass: boolean | null;
  note?: string;
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  machine: { cpus: number; model: string; loadAverageAtStart: number[] };
  runtime: string;
  flags: Record<string, unknown>;
  proxies: ProxyRun[];
  floor: FloorRun[];
  paths: PathRun[];
  /** Sequential postbacks after each latency's load runs: the common path's Execute calls alone. */
  distance: DistanceCheck | null;
  routing: RoutingCheck | null;
  postbackProbe: { requests: number; executesPerRequest: number; sessionsPerRequest: number }[];
  /** Sequential JSON clicks after each latency's load runs: median Executes per request, new and repeated click_id. */
  jsonClickProbe: {
    latencyMs: number;
    requests: number;
    newClickExecutes: number;
    repeatExecutes: number;
    newClickP50Ms: number;
  }[];
  ingestion: IngestRun[];
  fixtures: FixtureLoad[];
  reports: ReportRun[];
  dashboard: DashboardSize | null;
  workerSize: WorkerSize | null;
  live: LiveLatency | null;
  profile: ProfileSummary | null;
  workerErrors: string[];
  targets: Target[];
}

/** wrangler deploy --dry-run's own report of the upload. */
export type WorkerSize =
  | { measured: true; uploadKiB: number; gzipKiB: number }
  | { measured: false; note: string };

export interface LatencySummary {
  samples: number;
  p50_ms: number;
  p95_ms: number;
  max_ms: number;
}

/** Tracking-link hit or postback to its row on screen, in Chromium, through the live channel. */
export type LiveLatency =
  | {
      measured: true;
      measured_at: string;
      method: string;
      click_to_screen: LatencySummary;
      postback_to_screen: LatencySummary;
      all: LatencySummary;
    }
  | { measured: false; note: string };
