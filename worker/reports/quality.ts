import { z } from '@hono/zod-openapi';
import { CTIT_BUCKETS, type QualityRow } from '../db/queries/quality.ts';

export const qualityGroups = ['campaign', 'sub1', 'country', 'as_org'] as const;

export const qualityRowSchema = z.object({
  key: z.string(),
  clicks: z.number().int(),
  suspicious: z.number().int(),
  // Suspicious clicks over recorded clicks, 0..1 to four places.
  suspicious_share: z.number(),
});

export const ctitBucketSchema = z.object({
  bucket: z.enum(CTIT_BUCKETS.map((b) => b.bucket) as [string, ...string[]]),
  conversions: z.number().int(),
  pending: z.number().int(),
});

export function withShare(rows: QualityRow[]): z.infer<typeof qualityRowSchema>[] {
  return rows.map((r) => ({ ...r, suspicious_share: r.clicks > 0 ? Math.round((r.suspicious / r.clicks) * 10_000) / 10_000 : 0 }));
}

// The single row of an `all` breakdown (or one affiliate's `affiliate` one) without its key; zeros when nothing was clicked.
export function qualityTotals(rows: QualityRow[]): Omit<z.infer<typeof qualityRowSchema>, 'key'> {
  const { key: _key, ...totals } = withShare([rows[0] ?? { key: '', clicks: 0, suspicious: 0 }])[0]!;
  return totals;
}
