/** Latency samples in milliseconds, kept exactly so sub-millisecond shifts stay visible. */
export class LatencySamples {
  private values = new Float64Array(1 << 16);
  private count = 0;

  add(ms: number): void {
    if (this.count === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.count++] = ms;
  }

  get size(): number {
    return this.count;
  }

  /** Nearest-rank percentiles, e.g. [50, 99]. */
  percentiles(ranks: number[]): number[] {
    if (this.count === 0) return ranks.map(() => Number.NaN);
    const sorted = this.values.slice(0, this.count).sort();
    return ranks.map(
      (p) => sorted[Math.min(this.count - 1, Math.max(0, Math.ceil((p / 100) * this.count) - 1))]!,
    );
  }
}
