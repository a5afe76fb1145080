import { z } from '@hono/zod-openapi';
import type { Advertiser } from '../../drizzle/schema.ts';
import { toIso } from '../db/time.ts';
import { advertiserPostbackUrl } from '../lib/postback-url.ts';
import { advertiserPostbackToken, advertiserSigningSecret } from '../lib/secrets.ts';
import { mappedStatuses, parseStatusMap } from '../schemas/status-map.ts';

export const advertiserJson = z.object({
  id: z.number().int(),
  name: z.string(),
  status: z.enum(['active', 'paused']),
  status_map: z.record(z.string(), z.enum(mappedStatuses)),
  created_at: z.string(),
  postback_token: z.string().openapi({
    description: 'Proves a postback comes from this advertiser: the token= of postback_url',
  }),
  postback_url: z.string().openapi({
    description:
      'The one postback URL of this advertiser, the same for all its affiliates; the advertiser fills in the macros',
  }),
  signing_secret: z.string().openapi({
    description: 'HMAC-SHA256 key for signed postbacks (x-postback-signature); never sent in a URL',
  }),
  previous_secret_valid_until: z.string().nullable().openapi({
    description:
      'Until then the token and signing secret before the last rotation are still accepted',
  }),
});

export type AdvertiserJson = z.infer<typeof advertiserJson>;

/** What the serializer needs besides the row: the credentials are derived, not stored. */
export interface CredentialContext {
  trackerSecret: string;
  publicBase: string;
}

export async function advertiserToJson(
  a: Advertiser,
  ctx: CredentialContext,
): Promise<AdvertiserJson> {
  const [token, signingSecret] = await Promise.all([
    advertiserPostbackToken(ctx.trackerSecret, a.id, a.postbackSecretVersion),
    advertiserSigningSecret(ctx.trackerSecret, a.id, a.postbackSecretVersion),
  ]);
  return {
    id: a.id,
    name: a.name,
    status: a.status as 'active' | 'paused',
    status_map: Object.fromEntries(parseStatusMap(a.statusMap)),
    created_at: toIso(a.createdAt),
    postback_token: token,
    postback_url: advertiserPostbackUrl(ctx.publicBase, token),
    signing_secret: signingSecret,
    previous_secret_valid_until: a.previousSecretValidUntil && toIso(a.previousSecretValidUntil),
  };
}
