import { it, expect } from 'vitest';
import { env } from 'cloudflare:test';
import { api } from '../api.ts';
it('probe', async () => {
  const e = env as any;
  console.log('rl', typeof e.CLICK_RATE_LIMITER?.limit, JSON.stringify(await e.CLICK_RATE_LIMITER.limit({ key: 'x' })));
  const orig = globalThis.fetch;
  let seen = 0;
  globalThis.fetch = (async (...args: Parameters<typeof fetch>) => { seen++; return orig(...args); }) as typeof fetch;
  const res = await api('/health');
  globalThis.fetch = orig;
  console.log('status', res.status, 'seen', seen);
});
