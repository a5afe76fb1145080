import { z } from 'zod';
import type { LiveChannel } from './live/channel.ts';
import type {
  OutgoingPostbackMessage,
  ClickMessage,
  DeferredPostback,
  PostbackLogMessage,
} from './queue/messages.ts';
import type { CapCounter } from './money/cap-counter.ts';

export interface Bindings {
  DATABASE_URL: string;
  ADMIN_TOKEN: string;
  TRACKER_SECRET: string;
  DASHBOARD_ORIGIN: string;
  PUBLIC_URL?: string;
  FALLBACK_URL?: string;
  LOCAL_DEPLOYMENT?: string;
  CONFIG_CACHE_SECONDS?: string;
  RETRY_BASE_SECONDS?: string;
  POSTBACK_LOG_DAYS?: string;
  // "on" only in local stacks: x-edge-country / x-edge-asn / x-edge-as-org stand in for request.cf.
  LOCAL_EDGE_SIMULATION?: string;
  ALLOW_LOOPBACK_POSTBACKS?: string;
  POSTBACK_ALLOWED_PORTS?: string;
  CLICK_QUEUE: Queue<ClickMessage>;
  POSTBACK_QUEUE: Queue<DeferredPostback>;
  OUTGOING_POSTBACK_QUEUE: Queue<OutgoingPostbackMessage>;
  POSTBACK_LOG_QUEUE: Queue<PostbackLogMessage>;
  TRACKING_CONFIG: KVNamespace;
  CLICK_RATE_LIMITER: RateLimit;
  AUTH_FAILURE_RATE_LIMITER: RateLimit;
  POSTBACK_DUPLICATE_LIMITER: RateLimit;
  AFFILIATE_REPORT_LIMITER: RateLimit;
  LIVE: DurableObjectNamespace<LiveChannel>;
  CAPS: DurableObjectNamespace<CapCounter>;
  // The static assets: the OpenAPI document built from the routes (worker/openapi/document.ts).
  ASSETS: Fetcher;
}

// Values published in this repository's history or docs: anyone could sign click ids or act as admin with them.
const KNOWN_SECRETS = new Set([
  'test-admin-token-0123456789abcdef',
  'test-tracker-secret-0123456789abcdef0123456789',
]);
const PLACEHOLDER =
  /change-?me|changeme|replace-?me|example|placeholder|password|secret-?here|your-/i;

// A random secret of the required length has many distinct characters; a typed one often does not.
const secretField = (name: string, min: number) =>
  z
    .string()
    .min(min, `${name} must be at least ${min} characters`)
    .refine(
      (s) => !KNOWN_SECRETS.has(s),
      `${name} is a published test value: generate one (openssl rand -base64 48)`,
    )
    .refine(
      (s) => !PLACEHOLDER.test(s),
      `${name} looks like a placeholder: generate one (openssl rand -base64 48)`,
    )
    .refine(
      (s) => new Set(s).size >= 12,
      `${name} is too predictable: generate one (openssl rand -base64 48)`,
    );

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0)$/i;

function isLoopbackOrigin(origin: string): boolean {
  try {
    return (
      LOOPBACK_HOST.test(new URL(origin).hostname) ||
      new URL(origin).hostname.endsWith('.localhost')
    );
  } catch {
    return false;
  }
}

// Secrets and vars are checked once at the entry so a misconfigured deploy fails loudly.
export const envSchema = z
  .object({
    DATABASE_URL: z.url({
      protocol: /^(https?|mysql)$/,
      error: 'DATABASE_URL must be a PlanetScale URL',
    }),
    ADMIN_TOKEN: secretField('ADMIN_TOKEN', 24),
    TRACKER_SECRET: secretField('TRACKER_SECRET', 32),
    DASHBOARD_ORIGIN: z.string().min(1),
    // "true" only for `npm run dev`, tests and other machines of one's own: allows http and loopback below.
    LOCAL_DEPLOYMENT: z
      .enum(['true', 'false'], { error: 'LOCAL_DEPLOYMENT must be true or false' })
      .optional(),
    PUBLIC_URL: z.url().optional(),
    FALLBACK_URL: z
      .url({ protocol: /^https?$/, error: 'FALLBACK_URL must be an http(s) URL' })
      .optional(),
    CONFIG_CACHE_SECONDS: z.coerce.number().int().min(0).default(30),
    RETRY_BASE_SECONDS: z.coerce.number().min(0).default(5),
    // How long the postback log keeps an attempt.
    POSTBACK_LOG_DAYS: z.coerce
      .number({ error: 'POSTBACK_LOG_DAYS must be a whole number of days' })
      .int('POSTBACK_LOG_DAYS must be a whole number of days')
      .min(1, 'POSTBACK_LOG_DAYS must be at least 1')
      .max(3650, 'POSTBACK_LOG_DAYS must be at most 3650')
      .default(30),
    LOCAL_EDGE_SIMULATION: z
      .enum(['on', 'off'], { error: 'LOCAL_EDGE_SIMULATION must be on or off' })
      .optional(),
    ALLOW_LOOPBACK_POSTBACKS: z
      .enum(['true', 'false'], { error: 'ALLOW_LOOPBACK_POSTBACKS must be true or false' })
      .optional(),
    POSTBACK_ALLOWED_PORTS: z
      .string()
      .regex(
        /^\s*\d{1,5}\s*(,\s*\d{1,5}\s*)*$/,
        'POSTBACK_ALLOWED_PORTS must be a comma-separated list of ports',
      )
      .optional(),
  })
  .superRefine((env, ctx) => {
    if (env.LOCAL_DEPLOYMENT === 'true') return;
    if (env.LOCAL_EDGE_SIMULATION === 'on') {
      ctx.addIssue({
        code: 'custom',
        path: ['LOCAL_EDGE_SIMULATION'],
        message:
          'LOCAL_EDGE_SIMULATION lets request headers pose as the edge (country, ASN): local stacks only',
      });
    }
    if (env.DATABASE_URL.startsWith('http://')) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message:
          'DATABASE_URL must not be http:// (credentials and data in clear); set LOCAL_DEPLOYMENT=true only on a local machine',
      });
    }
    if (env.DASHBOARD_ORIGIN.split(',').some((o) => isLoopbackOrigin(o.trim()))) {
      ctx.addIssue({
        code: 'custom',
        path: ['DASHBOARD_ORIGIN'],
        message:
          "DASHBOARD_ORIGIN names a loopback origin (wrangler.toml's local default): set it to the deployed dashboard's origin",
      });
    }
  });

/** The worker's configuration: the one parsed, defaulted reading of its vars and secrets. */
export type Settings = z.output<typeof envSchema>;

function problemsOf(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

/** Everything wrong with a configuration, one line each; empty when the worker may start. */
export function configProblems(env: Record<string, unknown>): string[] {
  const result = envSchema.safeParse(env);
  return result.success ? [] : problemsOf(result.error);
}

let last: { env: Bindings; settings: Settings } | undefined;

// Parsed once per env object; misconfiguration is reported once, loudly, instead of as odd failures later.
export function settingsOf(env: Bindings): Settings {
  if (last?.env === env) return last.settings;
  const result = envSchema.safeParse(env);
  if (!result.success)
    throw new Error(`Invalid worker configuration: ${problemsOf(result.error).join('; ')}`);
  last = { env, settings: result.data };
  return result.data;
}
