export function clip(value: string | undefined | null, max: number): string | null {
  if (!value) return null;
  return value.replace(/[\x00-\x1F\x7F]/g, '').slice(0, max) || null;
}
