import { DatabaseError } from '@planetscale/database';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { databaseApiError, isDatabaseUnavailable, isRowLimitExceeded } from '../../db/errors.ts';
import { db } from '../db.ts';

const digits = sql.raw(
  '(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)',
);

async function refusal(): Promise<unknown> {
  try {
    await db.execute(
      sql`SELECT 1 FROM ${digits} a, ${digits} b, ${digits} c, ${digits} d, ${digits} e UNION ALL SELECT 2`,
    );
  } catch (err) {
    return err;
  }
  throw new Error('a 100,001-row result was not refused');
}

describe("PlanetScale's 100,000-row limit", () => {
  it('is told apart from an unavailable database and answered 422 result_too_large', async () => {
    const err = await refusal();
    expect(isRowLimitExceeded(err)).toBe(true);
    expect(isDatabaseUnavailable(err)).toBe(false);
    const answer = databaseApiError(err);
    expect(answer).toMatchObject({ code: 'result_too_large', status: 422 });
    expect(answer?.message).toContain('narrow the date range');
  });

  it('is recognised under the code newer Vitess sends it with (ABORTED) too', () => {
    const aborted = new DatabaseError(
      'target: tracker.-.primary: vttablet: rpc error: code = Aborted desc = Row count exceeded 100000 (errno 10001) (sqlstate HY000) (CallerID: x)',
      400,
      { code: 'ABORTED', message: 'Row count exceeded 100000' },
    );
    expect(isDatabaseUnavailable(aborted)).toBe(false);
    expect(databaseApiError(aborted)?.code).toBe('result_too_large');
  });
});
