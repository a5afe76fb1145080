import type { z } from '@hono/zod-openapi';

/**
 * Refines a set that replaces the one in force (caps, payout rules): two entries with the same
 * scope would contradict each other, so the later one is refused with both positions named.
 */
export function uniqueScopes<T>(
  scopeOf: (entry: T) => string,
  clash: (first: number, later: number, scope: string) => string,
) {
  return (entries: T[], ctx: z.core.$RefinementCtx<T[]>) => {
    const seen = new Map<string, number>();
    entries.forEach((entry, i) => {
      const scope = scopeOf(entry);
      const first = seen.get(scope);
      if (first === undefined) seen.set(scope, i);
      else ctx.addIssue({ code: 'custom', path: [i], message: clash(first, i, scope) });
    });
  };
}
