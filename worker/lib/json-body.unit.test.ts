import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.ts';
import { parseJsonFields } from './json-body.ts';

function refusal(raw: string): ApiError {
  try {
    parseJsonFields(raw);
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error(`accepted ${raw}`);
}

describe('parseJsonFields', () => {
  it('keeps the source text of top-level numbers, even where a float would change it', () => {
    expect(
      parseJsonFields(
        '{"amount": 1.10, "payout":0.1000000000000000055511, "big":123456789012345678901}',
      ),
    ).toEqual({
      amount: '1.10',
      payout: '0.1000000000000000055511',
      big: '123456789012345678901',
    });
  });

  it('leaves nested values as JSON.parse gives them', () => {
    expect(
      parseJsonFields('{"meta":{"amount":1.10,"list":[2,{"x":null}]},"ok":true,"s":"a"}'),
    ).toEqual({
      meta: { amount: 1.1, list: [2, { x: null }] },
      ok: true,
      s: 'a',
    });
  });

  it('allows a repeated name inside a nested value and brackets or quotes inside strings', () => {
    expect(parseJsonFields('{"a":{"k":1,"k":2},"b":"}{,\\"c\\":[","c":[{"a":1}]}')).toEqual({
      a: { k: 2 },
      b: '}{,"c":[',
      c: [{ a: 1 }],
    });
  });

  it('keeps a "__proto__" member as an ordinary field', () => {
    const fields = parseJsonFields('{"__proto__":{"polluted":1},"amount":2}');
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect(Object.keys(fields)).toEqual(['__proto__', 'amount']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it.each([
    ['{"amount":1,"amount":1}', 'amount'],
    ['{"status":"a","st\\u0061tus":"b"}', 'status'],
    ['{"x":[1,{"y":2}],"z":"\\\\","x":0}', 'x'],
  ])('refuses %s, naming the repeated field', (raw, name) => {
    const err = refusal(raw);
    expect(err.code).toBe('bad_request');
    expect(err.message).toBe(`${name} is given twice in the body: send each field once`);
    expect(err.issues).toEqual([{ path: name, message: 'given twice' }]);
  });

  it.each([['{"a":1,}'], ['{"a":01}'], ["{'a':1}"], ['']])('refuses invalid JSON %s', (raw) => {
    expect(refusal(raw).message).toBe('Body is not valid JSON');
  });

  it.each([['[1]'], ['1.5'], ['null'], ['"s"']])(
    'refuses a body that is not an object: %s',
    (raw) => {
      expect(refusal(raw).message).toBe('JSON body must be an object');
    },
  );
});
