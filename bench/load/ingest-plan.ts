/** One ingestion run: how clicks reach MySQL through the PlanetScale driver. */
export interface IngestPlan {
  databaseUrl: string;
  /** 'batched': ingestClicks with `batchSize` rows per call; 'single': one INSERT per click. */
  mode: 'batched' | 'single';
  batchSize: number;
  concurrency: number;
  seconds: number;
  affiliateIds: number[];
  campaignIds: number[];
}

export interface IngestResult {
  mode: IngestPlan['mode'];
  rows: number;
  calls: number;
  failedCalls: number;
  seconds: number;
  rowsPerSecond: number;
  /** Median time of one call (a batch, or one row). */
  p50CallMs: number;
}
