import { z } from 'zod';
import type { DeferredPostback } from './queue/postbacks.ts';
import type { AffiliatePostbackMessage } from './tracking/affiliate-postback.ts';

export interface ClickMessage {
  clickId: string;
  affiliateId: number;
  campaignId: number;
  sub: (string | null)[];
  ipHash: string | null;
  userAgent: string | null;
  country: string | null;
  referrer: string | null;
  timestamp: string;
  asn?: number | null;
  asOrg?: string | null;
  qualityScore?: number;
  qualityReasons?: string | null;
  isSuspicious?: boolean;
}

export interface Bindings {
  DATABASE_URL: string;
  ADMIN_TOKEN: string;
  TRACKER_SECRET: string;
  DASHBOARD_ORIGIN: string;
  PUBLIC_URL?: string;
  CONFIG_CACHE_SECONDS?: string;
  RETRY_BASE_SECONDS?: string;
  // "on" only in local stacks: x-edge-country / x-edge-asn / x-edge-as-org stand in for request.cf.
  LOCAL_EDGE_SIMULATION?: string;
  CLICK_QUEUE: Queue<ClickMessage>;
  POSTBACK_QUEUE: Queue<DeferredPostback>;
  AFFILIATE_POSTBACK_QUEUE: Queue<AffiliatePostbackMessage>;
  TRACKING_CONFIG: KVNamespace;
  CLICK_RATE_LIMITER: RateLimit;
  AUTH_FAILURE_RATE_LIMITER: RateLimit;
}

// Secrets and vars are checked once at the entry so a misconfigured deploy fails loudly.
export const envSchema = z.object({
  DATABASE_URL: z.url({ protocol: /^(https?|mysql)$/, error: 'DATABASE_URL must be a PlanetScale URL' }),
  ADMIN_TOKEN: z.string().min(24, 'ADMIN_TOKEN must be at least 24 characters'),
  TRACKER_SECRET: z.string().min(32, 'TRACKER_SECRET must be at least 32 characters'),
  DASHBOARD_ORIGIN: z.string().min(1),
  PUBLIC_URL: z.url().optional(),
  CONFIG_CACHE_SECONDS: z.coerce.number().int().min(0).optional(),
  RETRY_BASE_SECONDS: z.coerce.number().min(0).optional(),
  LOCAL_EDGE_SIMULATION: z.enum(['on', 'off'], { error: 'LOCAL_EDGE_SIMULATION must be on or off' }).optional(),
});
