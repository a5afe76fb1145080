import { z } from '@hono/zod-openapi';
import { parseOrThrow } from '../schemas/validate.ts';
import { subField } from '../schemas/fields.ts';

export const SUB_MAX = 255;

export type SubIds = (string | null)[];

type SubQuery = { sub1?: string; sub2?: string; sub3?: string; sub4?: string; sub5?: string };

const strictSubs = z.object({
  sub1: subField('sub1'),
  sub2: subField('sub2'),
  sub3: subField('sub3'),
  sub4: subField('sub4'),
  sub5: subField('sub5'),
});

// An API caller is told about a bad sub id; a visitor following a link did not write it, so it is
// cleaned and cut to the column's length instead of losing the click.
export function subIds(q: SubQuery, jsonMode: boolean): SubIds {
  const values = [q.sub1, q.sub2, q.sub3, q.sub4, q.sub5];
  if (jsonMode) {
    parseOrThrow(
      strictSubs,
      { sub1: q.sub1, sub2: q.sub2, sub3: q.sub3, sub4: q.sub4, sub5: q.sub5 },
      'query',
    );
    return values.map((v) => v ?? null);
  }
  return values.map((v) => clip(v, SUB_MAX));
}

// Visitor-set text as stored: control characters removed, cut to the column's length.
export function clip(value: string | undefined | null, max: number): string | null {
  if (!value) return null;
  return value.replace(/[\x00-\x1F\x7F]/g, '').slice(0, max) || null;
}
