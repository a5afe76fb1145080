export function clip(value: string | undefined | null, max: number): string | null {
  if (!value) return null;
  return value.replace(/[\x00-\x1F\x7F]/g, '').slice(0, max) || null;
}

// A browser following a link asks for HTML; an API caller asks for JSON.
export function wantsJson(accept: string | undefined, format: string | undefined): boolean {
  if (format === 'json') return true;
  if (format === 'redirect') return false;
  return !!accept && accept.includes('application/json') && !accept.includes('text/html');
}
