import { createScheduledController, env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import worker from './index.ts';
import { count, db } from './test/db.ts';

describe('daily housekeeping', () => {
  it('prunes click fingerprints older than two days and keeps recent ones', async () => {
    const day = (daysAgo: number) =>
      new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
    await db.execute(sql`INSERT INTO click_fingerprints (campaign_id, ip_hash, day, first_click_id) VALUES
      (999001, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', ${day(5)}, 'fp-old-1'),
      (999001, 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', ${day(3)}, 'fp-old-2'),
      (999001, 'cccccccccccccccccccccccccccccccc', ${day(1)}, 'fp-recent'),
      (999001, 'dddddddddddddddddddddddddddddddd', ${day(0)}, 'fp-today')`);
    await worker.scheduled(
      createScheduledController({ scheduledTime: new Date(), cron: '17 3 * * *' }),
      env,
    );
    const left = await db.execute(
      sql`SELECT first_click_id FROM click_fingerprints WHERE campaign_id = 999001 ORDER BY first_click_id`,
    );
    expect((left.rows as { first_click_id: string }[]).map((r) => r.first_click_id)).toEqual([
      'fp-recent',
      'fp-today',
    ]);
    expect(await count('click_fingerprints', sql`day < ${day(2)}`)).toBe(0);
  });
});
