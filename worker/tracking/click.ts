import type { NewClick } from '../../drizzle/schema.ts';
import { toMysqlDatetime } from '../db/time.ts';
import type { ClickMessage } from '../queue/messages.ts';
import { parseUserAgent } from '../routing/user-agent.ts';

// Device and OS come from the redirect when a rule needed them, else are read from the user agent here, off the click path.
export function clickRow(m: ClickMessage): NewClick {
  const ua =
    m.userAgent && (m.device === undefined || m.device === null)
      ? parseUserAgent(m.userAgent)
      : undefined;
  return {
    clickId: m.clickId,
    affiliateId: m.affiliateId,
    campaignId: m.campaignId,
    sub1: m.sub[0] ?? null,
    sub2: m.sub[1] ?? null,
    sub3: m.sub[2] ?? null,
    sub4: m.sub[3] ?? null,
    sub5: m.sub[4] ?? null,
    ipHash: m.ipHash,
    userAgent: m.userAgent,
    country: m.country,
    referrer: m.referrer,
    asn: m.asn ?? null,
    asOrg: m.asOrg ?? null,
    qualityScore: m.qualityScore ?? null,
    qualityReasons: m.qualityReasons ?? null,
    isSuspicious: m.isSuspicious ?? false,
    ruleVersion: m.ruleVersion ?? null,
    variantId: m.variantId ?? null,
    smartlinkId: m.smartlinkId ?? null,
    device: m.device ?? ua?.device ?? null,
    os: m.os ?? ua?.os ?? null,
    timestamp: toMysqlDatetime(new Date(m.timestamp)),
  };
}
