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
    ).toBe('a,b\r\n"x,y","\'=1+1"\r\n,"he said ""hi"""\r\n');
  });

  it('quotes every text field, so a semicolon never splits a cell in a ;-separated locale', () => {
    expect(toCsv(['sub1', 'clicks'], [{ sub1: 'a;b', clicks: 3 }])).toBe(
      'sub1,clicks\r\n"a;b",3\r\n',
    );
    expect(toCsv(['country'], [{ country: 'FR' }])).toBe('country\r\n"FR"\r\n');
  });

  it('neutralises a formula character that follows any separator inside a text field', () => {
    for (const [sub1, safe] of [
      ['x;=HYPERLINK("http://evil")', `"x;'=HYPERLINK(""http://evil"")"`],
      ['x,+cmd|calc', `"x,'+cmd|calc"`],
      ['x\t-2+3', `"x\t'-2+3"`],
      ['x;@SUM(A1)', `"x;'@SUM(A1)"`],
      ['x\r\n=1+1', `"x\r\n'=1+1"`],
      ['x; =1+1', `"x; '=1+1"`],
    ] as const) {
      expect(toCsv(['sub1'], [{ sub1 }])).toBe(`sub1\r\n${safe}\r\n`);
    }
  });

  it('leaves numbers, decimal strings and plain text as values a spreadsheet reads back', () => {
    expect(
      toCsv(
        ['n', 'money', 'refund', 'text'],
        [{ n: -4, money: '12.5000', refund: '-3.20', text: 'a-b' }],
      ),
    ).toBe('n,money,refund,text\r\n-4,"12.5000","-3.20","a-b"\r\n');
  });
});
