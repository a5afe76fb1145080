import { describe, expect, it } from 'vitest';
import { api, json } from '../test/api.ts';

describe('GET /health', () => {
  it('reports the database as reachable', async () => {
    const res = await api('/health');
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ success: true, status: 'ok', database: 'ok' });
    expect(res.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9._-]{8,64}$/);
  });
});
