import { advertiserConfig, type CampaignConfig, type ConfigSource } from '../config/read-model.ts';
import { parseStatusMap } from '../schemas/status-map.ts';
import { resolveStatus, type PresetStatus, type PresetStatusWord } from './presets.ts';
import type { SenderKind } from './postback-sender.ts';

/**
 * A preset's status word read once the sender is verified for the click: the advertiser's own
 * status_map applies when the campaign's advertiser sent it, by token or by signature alike.
 */
export async function presetStatusFor(
  config: ConfigSource,
  word: PresetStatusWord,
  sender: SenderKind,
  campaign: CampaignConfig,
): Promise<PresetStatus> {
  const advertiser =
    sender === 'advertiser'
      ? await advertiserConfig(config, campaign.advertiserId ?? 1)
      : undefined;
  return resolveStatus(word, advertiser ? parseStatusMap(advertiser.statusMap) : null);
}
