import { z } from '@hono/zod-openapi';
import type { Database } from '../db/client.ts';
import {
  CTIT_BUCKETS,
  ctitHistogram,
  qualityBreakdown,
  type QualityGroup,
  type QualityRow,
} from '../db/queries/quality.ts';

export const qualityGroups = ['campaign', 'sub1', 'country', 'as_org'] as const;

const qualityRowSchema = z.object({
  key: z.string(),
  clicks: z.number().int(),
  suspicious: z.number().int(),
  // Suspicious clicks over recorded clicks, 0..1 to four places.
  suspicious_share: z.number(),
});

const ctitBucketSchema = z.object({
  bucket: z.enum(CTIT_BUCKETS.map((b) => b.bucket) as [string, ...string[]]),
  conversions: z.number().int(),
  pending: z.number().int(),
});

function withShare(rows: QualityRow[]): z.infer<typeof qualityRowSchema>[] {
  return rows.map((r) => ({
    ...r,
    suspicious_share: r.clicks > 0 ? Math.round((r.suspicious / r.clicks) * 10_000) / 10_000 : 0,
  }));
}

// The single row of an `all` breakdown (or one affiliate's `affiliate` one) without its key; zeros when nothing was clicked.
function qualityTotals(rows: QualityRow[]): Omit<z.infer<typeof qualityRowSchema>, 'key'> {
  const { key: _key, ...totals } = withShare([
    rows[0] ?? { key: '', clicks: 0, suspicious: 0 },
  ])[0]!;
  return totals;
}

// The answer of GET /affiliates/{id}/quality and of the network's GET /quality, grouped by `group`.
export const qualityReportSchema = <G extends z.ZodType>(group: G) =>
  z.object({
    success: z.literal(true),
    group_by: group,
    from: z.string(),
    to: z.string(),
    totals: qualityRowSchema.omit({ key: true }),
    data: z.array(qualityRowSchema),
    ctit: z.array(ctitBucketSchema),
  });

/**
 * The breakdown by `by`, the totals (one affiliate's `affiliate` row, or the network's `all` row)
 * and the CTIT histogram, read together.
 */
export async function qualityReport(
  db: Database,
  bounds: { affiliateId: number | null; from: string; to: string },
  by: QualityGroup,
  totalsBy: 'affiliate' | 'all',
) {
  const [rows, all, ctit] = await Promise.all([
    qualityBreakdown(db, { ...bounds, by }),
    qualityBreakdown(db, { ...bounds, by: totalsBy }),
    ctitHistogram(db, bounds),
  ]);
  return { totals: qualityTotals(all), data: withShare(rows), ctit };
}
