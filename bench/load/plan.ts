/** What the load generator process is asked to do: one scenario against one URL. */
export interface LoadPlan {
  label: string;
  origin: string;
  /** Cycled in order; `{seq}` becomes a value unique within the whole bench run. */
  paths: string[];
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Sends a different CF-Connecting-IP (198.18.0.0/15, the benchmarking range) per request: many visitors, not one. */
  manyVisitors?: boolean;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** Statuses that count as a served request; anything else is reported apart. */
  okStatuses: number[];
  /** Stops after this many responses in the measured window (for latency-only probes). */
  maxRequests?: number;
}

/** Load generator progress, once a second. */
export interface LoadTick {
  type: 'tick';
  elapsedSeconds: number;
  measuring: boolean;
  responses: number;
  rps: number;
}

export interface LoadResult {
  type: 'result';
  label: string;
  connections: number;
  measuredSeconds: number;
  /** Responses with an ok status inside the measured window. */
  ok: number;
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Every response during warmup and measurement, by status, plus socket errors and timeouts. */
  statuses: Record<string, number>;
  errors: number;
  totalResponses: number;
}

export type LoadMessage = LoadTick | LoadResult;
