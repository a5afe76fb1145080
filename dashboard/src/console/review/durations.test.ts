import { describe, expect, it } from 'vitest';
import { formatCtit } from './durations.ts';

describe('click to conversion time', () => {
  it('reads in the largest whole unit', () => {
    expect([null, 0, 4, 59, 60, 719, 3600, 86_399, 86_400, 200_000].map(formatCtit)).toEqual([
      '–',
      '0 s',
      '4 s',
      '59 s',
      '1 min',
      '12 min',
      '1 h',
      '24 h',
      '1 d',
      '2 d',
    ]);
  });
});
