import type { BenchContext } from './context.ts';
import { BROWSER_HEADERS } from './context.ts';

export interface SignedClick {
  clickId: string;
  affiliateId: number;
  token: string;
}

/** Follows each tracking link like a visitor and keeps the generated, signed click id from its Location. */
export async function harvestClickIds(ctx: BenchContext, perLink: number): Promise<SignedClick[]> {
  const out: SignedClick[] = [];
  let visitor = 0;
  for (const affiliate of ctx.db.affiliates) {
    for (const campaign of ctx.db.campaigns) {
      for (let i = 0; i < perLink; i++) {
        const res = await fetch(
          `${ctx.runtime.trackerUrl}/c/${campaign.id}/${affiliate.id}?sub1=harvest`,
          {
            redirect: 'manual',
            // 198.19.x.x: the benchmarking range, a header value only.
            headers: {
              ...BROWSER_HEADERS,
              'cf-connecting-ip': `198.19.${(visitor >> 8) & 255}.${visitor++ & 255}`,
            },
          },
        );
        const location = res.headers.get('location');
        const clickId = location ? new URL(location).searchParams.get('click_id') : null;
        if (res.status !== 302 || !clickId)
          throw new Error(`tracking link answered ${res.status} without a click id`);
        out.push({ clickId, affiliateId: affiliate.id, token: affiliate.postbackToken });
      }
    }
  }
  return out;
}
