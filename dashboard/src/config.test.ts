import { describe, expect, it } from 'vitest';
import { LOCAL_API_URL, loadConfig } from './config.ts';

const answer = (body: string, status = 200) =>
  (async () => new Response(body, { status })) as typeof fetch;

describe('config', () => {
  it('prefers config.json over the build-time URL', async () => {
    expect(
      await loadConfig('https://build.example', answer('{"apiUrl":"https://run.example/"}')),
    ).toEqual({ apiUrl: 'https://run.example' });
  });

  it('falls back to VITE_API_URL, then to the local worker', async () => {
    expect(await loadConfig('https://build.example', answer('', 404))).toEqual({
      apiUrl: 'https://build.example',
    });
    expect(await loadConfig(undefined, answer('<!doctype html>'))).toEqual({
      apiUrl: LOCAL_API_URL,
    });
    expect(await loadConfig(undefined, answer('{"apiUrl":"javascript:alert(1)"}'))).toEqual({
      apiUrl: LOCAL_API_URL,
    });
    expect(
      await loadConfig('not a url', (() =>
        Promise.reject(new TypeError('offline'))) as typeof fetch),
    ).toEqual({ apiUrl: LOCAL_API_URL });
  });
});
