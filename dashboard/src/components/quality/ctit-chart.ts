// Geometry of the CTIT histogram: one bar per bucket, the held or pending part stacked at its foot.

export interface CtitInput {
  bucket: string;
  label: string;
  count: number;
  held: number;
}

export type CtitBar<T extends CtitInput = CtitInput> = T & {
  x: number;
  width: number;
  /** Top of the whole bar and of its held part (SVG y grows downwards). */
  y: number;
  heldY: number;
  center: number;
  /** The bucket's whole slot, for a band behind the bar. */
  slotX: number;
  slotWidth: number;
  /** The label drawn under the bar: the full one, or a short one where slots are narrow. */
  text: string;
  /** Faster than a person installs or signs up: the mark of click injection. */
  tooFast: boolean;
};

export interface CtitGeometry<T extends CtitInput = CtitInput> {
  width: number;
  height: number;
  /** Top of the plot and the line the bars stand on. */
  top: number;
  baseline: number;
  bars: CtitBar<T>[];
}

const SHORT: Record<string, string> = {
  '<10s': '<10 s',
  '10-60s': '10–60 s',
  '1-10m': '1–10 m',
  '10-60m': '10–60 m',
  '1-24h': '1–24 h',
  '>24h': '>24 h',
};

// Room above the bars for their counts and below for the bucket labels.
const TOP = 22;
const BOTTOM = 30;

export function ctitGeometry<T extends CtitInput>(
  buckets: readonly T[],
  width: number,
  height: number,
): CtitGeometry<T> {
  const baseline = height - BOTTOM;
  const slot = width / Math.max(buckets.length, 1);
  const barWidth = Math.min(80, slot * 0.62);
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const y = (n: number) => baseline - (n / max) * (baseline - TOP);
  // A full label ("Under 10 s") needs about 80 px of slot at 12 px type.
  const short = slot < 84;
  return {
    width,
    height,
    top: TOP,
    baseline,
    bars: buckets.map((b, i) => {
      const center = i * slot + slot / 2;
      return {
        ...b,
        x: center - barWidth / 2,
        width: barWidth,
        // A bucket with conversions stays visible however tall the largest one is.
        y: b.count > 0 ? Math.min(y(b.count), baseline - 2) : baseline,
        heldY: b.held > 0 ? Math.min(y(b.held), baseline - 2) : baseline,
        center,
        slotX: i * slot,
        slotWidth: slot,
        text: short ? (SHORT[b.bucket] ?? b.label) : b.label,
        tooFast: b.bucket === '<10s',
      };
    }),
  };
}
