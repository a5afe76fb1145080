// Small builders for the requests the security, input and duplicate tests send.
export function queryString(params: Record<string, string | number>): string {
  return new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
}

export const jsonBody = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

// Names and ids that cannot collide with other tests sharing the database.
export const unique = (prefix: string): string => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
