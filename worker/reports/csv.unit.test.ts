import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';

describe('csv', () => {
  it('quotes separators and neutralises formulas', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          { a: 'x,y', b: '=1+1' },
          { a: null, b: 'he said "hi"' },
        ],
      ),
    ).toBe('a,b\r\n"x,y",\'=1+1\r\n,"he said ""hi"""\r\n');
  });
});
