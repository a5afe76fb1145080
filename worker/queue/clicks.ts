import { ingestClicks } from '../db/queries/clicks.ts';
import type { Bindings } from '../env.ts';
import { randomToken } from '../lib/crypto.ts';
import { clickEvents } from '../live/events.ts';
import { advertisersOfCampaigns } from '../live/owners.ts';
import { publishLive } from '../live/publish.ts';
import { buildServices } from '../services.ts';
import type { ClickMessage } from './messages.ts';
import { clickRow } from '../tracking/click.ts';
import { backoffSeconds } from './backoff.ts';
import { logEvent } from '../lib/log.ts';

/**
 * Queues deliver at least once, so a batch may arrive again after a crash or a failed ack.
 * ingestClicks keys rows by click_id and counts into the rollup only the rows this attempt
 * inserted, inside one transaction: a redelivered batch adds nothing.
 */
export async function consumeClicks(
  batch: MessageBatch<ClickMessage>,
  env: Bindings,
): Promise<void> {
  const { db, settings, config } = buildServices(env);
  const unique = new Map(
    batch.messages.map((m) => [`${m.body.affiliateId}:${m.body.clickId}`, m.body]),
  );
  try {
    const added = await ingestClicks(db, [...unique.values()].map(clickRow), randomToken('', 16));
    batch.ackAll();
    // One live message per scope for the whole batch; a redelivered batch that added nothing says nothing.
    if (added > 0) {
      const clicks = [...unique.values()];
      await publishLive(
        env,
        clickEvents(
          clicks,
          await advertisersOfCampaigns(
            config,
            clicks.map((c) => c.campaignId),
          ),
        ),
      );
    }
  } catch (err) {
    const attempts = Math.max(...batch.messages.map((m) => m.attempts));
    logEvent('error', { msg: 'click batch failed, retrying', attempts, error: String(err) });
    batch.retryAll({ delaySeconds: backoffSeconds(attempts, settings.RETRY_BASE_SECONDS) });
  }
}
