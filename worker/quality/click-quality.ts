import type { EdgeOrigin } from './edge.ts';
import { isAutomation } from './bots.ts';
import { HOSTING_ASNS } from './hosting-asns.ts';

export const DEFAULT_QUALITY_THRESHOLD = 50;

// What each signal takes off a perfect 100; one strong signal or two weak ones make a click suspicious.
export const SIGNAL_PENALTIES = {
  automation: 100,
  hosting_asn: 60,
  velocity: 60,
  // From a country outside the campaign's routing targets: on its own a warning, with one more signal suspicious.
  country_mismatch: 40,
  no_language: 30,
} as const;

export type QualityReason = keyof typeof SIGNAL_PENALTIES;

export interface ClickSignals {
  userAgent: string | null;
  acceptLanguage: string | null | undefined;
  origin: EdgeOrigin;
  overVelocity: boolean;
  // The countries the campaign's routing rules take traffic from (targetCountries); null: every country.
  targetCountries?: readonly string[] | null;
}

export interface ClickQuality {
  score: number;
  reasons: QualityReason[];
  suspicious: boolean;
}

// Names that say the network sells servers, for ASNs the shipped list does not know yet.
const HOSTING_ORG = /\b(hosting|datacenter|data center|vps|dedicated server|colocation)\b/i;

export function isHostingNetwork(origin: EdgeOrigin): boolean {
  return (
    (origin.asn !== null && HOSTING_ASNS.has(origin.asn)) ||
    (!!origin.asOrg && HOSTING_ORG.test(origin.asOrg))
  );
}

// Scores a click from the request alone: no database, no network.
export function scoreClick(
  s: ClickSignals,
  threshold: number = DEFAULT_QUALITY_THRESHOLD,
): ClickQuality {
  const reasons: QualityReason[] = [];
  if (isAutomation(s.userAgent)) reasons.push('automation');
  if (isHostingNetwork(s.origin)) reasons.push('hosting_asn');
  if (s.overVelocity) reasons.push('velocity');
  if (outsideTargeting(s.origin.country, s.targetCountries)) reasons.push('country_mismatch');
  if (!s.acceptLanguage?.trim()) reasons.push('no_language');
  const score = Math.max(0, 100 - reasons.reduce((sum, r) => sum + SIGNAL_PENALTIES[r], 0));
  return { score, reasons, suspicious: score < threshold };
}

// A visitor whose country is unknown is not held against the affiliate.
function outsideTargeting(
  country: string | null,
  targets: readonly string[] | null | undefined,
): boolean {
  return !!country && !!targets && !targets.includes(country);
}
