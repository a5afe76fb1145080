import type {
  Advertiser,
  Affiliate,
  Campaign,
  Cap,
  PayoutRule,
  Smartlink,
} from '../../drizzle/schema.ts';
import type { Database } from '../db/client.ts';
import { findAdvertiser } from '../db/queries/advertisers.ts';
import { findAffiliate } from '../db/queries/affiliates.ts';
import { activeCaps, activePayoutRules } from '../db/queries/money-rules.ts';
import { findCampaign } from '../db/queries/campaigns.ts';
import { findRuleVersion } from '../db/queries/routing-rules.ts';
import { findSmartlink } from '../db/queries/smartlinks.ts';
import type { Rule, RuleSet } from '../routing/schema.ts';
import { logEvent } from '../lib/log.ts';

export type CampaignConfig = Pick<
  Campaign,
  | 'id'
  | 'name'
  | 'offerUrl'
  | 'fallbackUrl'
  | 'status'
  | 'attributionWindowDays'
  | 'defaultPayout'
  | 'currency'
> & {
  rules: RuleSet | null;
} & Partial<
    // Optional: configs cached before these settings existed lack them, and the defaults apply.
    Pick<
      Campaign,
      'minCtitSeconds' | 'qualityThreshold' | 'advertiserId' | 'affiliatePostbacks' | 'timeZone'
    >
  > & {
    // The money rules travel with the campaign: a PUT republishes it, so the edge and /postback see the new set.
    payoutRules?: PayoutRuleConfig[];
    caps?: CapConfig[];
  };
export type PayoutRuleConfig = Pick<
  PayoutRule,
  'id' | 'affiliateId' | 'country' | 'event' | 'type' | 'value' | 'currency'
>;
export type CapConfig = Pick<Cap, 'id' | 'affiliateId' | 'period' | 'metric' | 'limit'>;
export type AdvertiserConfig = Pick<
  Advertiser,
  'id' | 'name' | 'status' | 'postbackSecretVersion' | 'previousSecretValidUntil' | 'statusMap'
>;
export type AffiliateConfig = Pick<
  Affiliate,
  | 'id'
  | 'name'
  | 'status'
  | 'postbackSecretVersion'
  | 'previousSecretValidUntil'
  | 'outgoingPostbackUrl'
>;

export interface SmartlinkConfig {
  id: number;
  status: string;
  campaigns: { campaignId: number; weight: number }[];
}

interface Entry {
  value: unknown;
  expires: number;
}

// Per-isolate copy in front of KV in front of the database: the click path reads no database when warm.
const memory = new Map<string, Entry>();

export interface ConfigSource {
  kv: KVNamespace;
  db: () => Database;
  ttlSeconds: number;
}

function kvFailed(err: unknown): undefined {
  logEvent('error', {
    msg: 'tracking config cache (KV) failed, using the database',
    error: String(err),
  });
  return undefined;
}

async function cached<T>(
  src: ConfigSource,
  key: string,
  load: () => Promise<T | undefined>,
): Promise<T | undefined> {
  const now = Date.now();
  const hit = memory.get(key);
  if (hit && hit.expires > now) return hit.value as T | undefined;
  // KV is only a cache: when it fails, the database answers and the click is still tracked.
  let value: T | undefined = (await src.kv.get<T>(key, 'json').catch(kvFailed)) ?? undefined;
  if (value === undefined) {
    value = await load();
    if (value !== undefined)
      await src.kv.put(key, JSON.stringify(value), { expirationTtl: 86400 }).catch(kvFailed);
  }
  if (src.ttlSeconds > 0) memory.set(key, { value, expires: now + src.ttlSeconds * 1000 });
  return value;
}

export function campaignConfig(src: ConfigSource, id: number): Promise<CampaignConfig | undefined> {
  return cached(src, `campaign:${id}`, async () => {
    const c = await findCampaign(src.db(), id);
    return c && pickCampaign(c, await loadRules(src, c), await loadMoney(src, c.id));
  });
}

export function advertiserConfig(
  src: ConfigSource,
  id: number,
): Promise<AdvertiserConfig | undefined> {
  return cached(src, `advertiser:${id}`, async () => {
    const a = await findAdvertiser(src.db(), id);
    return a && pickAdvertiser(a);
  });
}

export async function publishAdvertiser(src: ConfigSource, advertiser: Advertiser): Promise<void> {
  const value = pickAdvertiser(advertiser);
  await src.kv.put(`advertiser:${advertiser.id}`, JSON.stringify(value), { expirationTtl: 86400 });
  memory.set(`advertiser:${advertiser.id}`, { value, expires: Date.now() + src.ttlSeconds * 1000 });
}

function pickAdvertiser(a: Advertiser): AdvertiserConfig {
  const { id, name, status, postbackSecretVersion, previousSecretValidUntil, statusMap } = a;
  return { id, name, status, postbackSecretVersion, previousSecretValidUntil, statusMap };
}

export function affiliateConfig(
  src: ConfigSource,
  id: number,
): Promise<AffiliateConfig | undefined> {
  return cached(src, `affiliate:${id}`, async () => {
    const a = await findAffiliate(src.db(), id);
    return a && pickAffiliate(a);
  });
}

export function smartlinkConfig(
  src: ConfigSource,
  id: number,
): Promise<SmartlinkConfig | undefined> {
  return cached(src, `smartlink:${id}`, async () => {
    const s = await findSmartlink(src.db(), id);
    return s && pickSmartlink(s);
  });
}

// A deleted smartlink is stored as paused at the edge until the copies expire.
export async function publishSmartlink(
  src: ConfigSource,
  id: number,
  smartlink: Smartlink | undefined,
): Promise<void> {
  const value: SmartlinkConfig = smartlink
    ? pickSmartlink(smartlink)
    : { id, status: 'deleted', campaigns: [] };
  await src.kv.put(`smartlink:${id}`, JSON.stringify(value), { expirationTtl: 86400 });
  memory.set(`smartlink:${id}`, { value, expires: Date.now() + src.ttlSeconds * 1000 });
}

function pickSmartlink(s: Smartlink): SmartlinkConfig {
  const entries = JSON.parse(s.campaigns) as { campaign_id: number; weight: number }[];
  return {
    id: s.id,
    status: s.status,
    campaigns: entries.map((e) => ({ campaignId: e.campaign_id, weight: e.weight })),
  };
}

// Called after every write to an affiliate or campaign so the edge copy follows the database.
// Rules travel with the campaign, so a rule change reaches the edge the same way (KV, then each isolate's copy).
export async function publishCampaign(src: ConfigSource, campaign: Campaign): Promise<void> {
  const value = pickCampaign(
    campaign,
    await loadRules(src, campaign),
    await loadMoney(src, campaign.id),
  );
  await src.kv.put(`campaign:${campaign.id}`, JSON.stringify(value), { expirationTtl: 86400 });
  memory.set(`campaign:${campaign.id}`, { value, expires: Date.now() + src.ttlSeconds * 1000 });
}

export async function publishAffiliate(src: ConfigSource, affiliate: Affiliate): Promise<void> {
  const value = pickAffiliate(affiliate);
  await src.kv.put(`affiliate:${affiliate.id}`, JSON.stringify(value), { expirationTtl: 86400 });
  memory.set(`affiliate:${affiliate.id}`, { value, expires: Date.now() + src.ttlSeconds * 1000 });
}

async function loadRules(src: ConfigSource, c: Campaign): Promise<RuleSet | null> {
  if (c.ruleVersion === 0) return null;
  const row = await findRuleVersion(src.db(), c.id, c.ruleVersion);
  return row ? { version: row.version, rules: JSON.parse(row.rules) as Rule[] } : null;
}

async function loadMoney(
  src: ConfigSource,
  campaignId: number,
): Promise<Pick<CampaignConfig, 'payoutRules' | 'caps'>> {
  const [rules, capRows] = await Promise.all([
    activePayoutRules(src.db(), campaignId),
    activeCaps(src.db(), campaignId),
  ]);
  return {
    payoutRules: rules.map(({ id, affiliateId, country, event, type, value, currency }) => ({
      id,
      affiliateId,
      country,
      event,
      type,
      value,
      currency,
    })),
    caps: capRows.map(({ id, affiliateId, period, metric, limit }) => ({
      id,
      affiliateId,
      period,
      metric,
      limit,
    })),
  };
}

// The fields the edge and /postback read; everything else of a row stays in the database.
const CAMPAIGN_FIELDS = [
  'id',
  'name',
  'offerUrl',
  'fallbackUrl',
  'status',
  'attributionWindowDays',
  'defaultPayout',
  'currency',
  'minCtitSeconds',
  'qualityThreshold',
  'advertiserId',
  'affiliatePostbacks',
  'timeZone',
] as const satisfies readonly (keyof Campaign)[];
const AFFILIATE_FIELDS = [
  'id',
  'name',
  'status',
  'postbackSecretVersion',
  'previousSecretValidUntil',
  'outgoingPostbackUrl',
] as const satisfies readonly (keyof Affiliate)[];

function pick<T, K extends keyof T>(row: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, row[k]])) as Pick<T, K>;
}

function pickCampaign(
  c: Campaign,
  rules: RuleSet | null,
  money: Pick<CampaignConfig, 'payoutRules' | 'caps'>,
): CampaignConfig {
  return { ...pick(c, CAMPAIGN_FIELDS), rules, ...money };
}

function pickAffiliate(a: Affiliate): AffiliateConfig {
  return pick(a, AFFILIATE_FIELDS);
}
