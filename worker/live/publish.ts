import type { Bindings } from '../env.ts';
import { groupByScope, type LiveEvent } from './events.ts';

/**
 * Hands a batch of events to each scope's channel: one call per scope per batch, never per click.
 * Live updates are a convenience: a failure is logged and never fails the write that caused it.
 */
export async function publishLive(
  env: Pick<Bindings, 'LIVE'>,
  events: readonly LiveEvent[],
): Promise<void> {
  if (events.length === 0) return;
  const calls = [...groupByScope(events)].map(async ([scope, list]) => {
    try {
      await env.LIVE.get(env.LIVE.idFromName(scope)).broadcast(list);
    } catch (err) {
      console.error(JSON.stringify({ msg: 'live publish failed', scope, error: String(err) }));
    }
  });
  await Promise.all(calls);
}
