import { z } from 'zod';
import type { AffiliatePostbackMessage, ClickMessage, DeferredPostback } from './queue/messages.ts';

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
  CONFIG_CACHE_SECONDS: z.coerce.number().int().min(0).default(30),
  RETRY_BASE_SECONDS: z.coerce.number().min(0).default(5),
  LOCAL_EDGE_SIMULATION: z.enum(['on', 'off'], { error: 'LOCAL_EDGE_SIMULATION must be on or off' }).optional(),
});

/** The worker's configuration: the one parsed, defaulted reading of its vars and secrets. */
export type Settings = z.output<typeof envSchema>;

let last: { env: Bindings; settings: Settings } | undefined;

// Parsed once per env object; misconfiguration is reported once, loudly, instead of as odd failures later.
export function settingsOf(env: Bindings): Settings {
  if (last?.env === env) return last.settings;
  const result = envSchema.safeParse(env);
  if (!result.success) {
    throw new Error(`Invalid worker configuration: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  last = { env, settings: result.data };
  return result.data;
}
