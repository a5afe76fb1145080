// Decimal strings from the database are added as scaled integers: money never goes through floats.
const SCALE = 10_000n;

export function toUnits(decimal: string): bigint {
  const negative = decimal.startsWith('-');
  const [whole = '0', fraction = ''] = decimal.replace('-', '').split('.');
  const units = BigInt(whole) * SCALE + BigInt(fraction.padEnd(4, '0').slice(0, 4));
  return negative ? -units : units;
}

export function unitsToNumber(units: bigint): number {
  return Number(units) / Number(SCALE);
}
