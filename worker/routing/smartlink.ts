import type { CampaignConfig } from '../config/read-model.ts';
import { routeVisitor, unitHash } from './evaluate.ts';
import type { Visitor } from './visitor.ts';

export interface SmartlinkEntry {
  campaign: CampaignConfig | undefined;
  weight: number;
}

// A campaign takes the visitor when it is live and its rules send them to a landing page (not to the fallback).
function takesVisitor(
  campaign: CampaignConfig,
  visitor: Visitor,
  visitorKey: string,
  day: string,
): boolean {
  if (campaign.status !== 'active') return false;
  const routing = routeVisitor(campaign.rules ?? null, visitor, visitorKey, day);
  return routing.kind === 'landing' || (routing.kind === 'default' && !!campaign.offerUrl);
}

// Among the campaigns that take this visitor, one by weight; the same visitor gets the same one all day.
export function chooseCampaign(
  smartlinkId: number,
  entries: SmartlinkEntry[],
  visitor: Visitor,
  visitorKey: string,
  day: string,
): CampaignConfig | null {
  const eligible = entries.filter(
    (e): e is { campaign: CampaignConfig; weight: number } =>
      !!e.campaign && e.weight > 0 && takesVisitor(e.campaign, visitor, visitorKey, day),
  );
  const total = eligible.reduce((sum, e) => sum + e.weight, 0);
  if (total === 0) return null;
  let point = unitHash(`${visitorKey}|${day}|s${smartlinkId}`) * total;
  for (const e of eligible) {
    if (point < e.weight) return e.campaign;
    point -= e.weight;
  }
  return eligible[eligible.length - 1]!.campaign;
}
