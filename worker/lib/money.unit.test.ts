import { describe, expect, it } from 'vitest';
import { toUnits, unitsToNumber } from './money.ts';

describe('money', () => {
  it('adds decimals without float error', () => {
    expect(unitsToNumber(toUnits('0.1000') + toUnits('0.2000'))).toBe(0.3);
    expect(unitsToNumber(toUnits('12345678901.1234'))).toBe(12345678901.1234);
    expect(toUnits('-1.5')).toBe(-15000n);
  });
});
