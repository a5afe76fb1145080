import { describe, expect, it } from 'vitest';
import { deferred, offline } from '../test-support/fakes.ts';
import { createResource } from './resource.ts';

describe('resource', () => {
  it('goes loading → data, clearing what was there before', async () => {
    const r = createResource<number>();
    await r.load(async () => 1);
    const next = deferred<number>();
    const done = r.load(() => next.promise);
    expect(r.loading.value).toBe(true);
    expect(r.data.value).toBeUndefined();
    next.resolve(2);
    await done;
    expect(r.data.value).toBe(2);
    expect(r.settled.value).toBe(true);
  });

  it('keeps the error of a failed load', async () => {
    const r = createResource<number>();
    await r.load(() => Promise.reject(offline()));
    expect(r.error.value?.code).toBe('network');
    expect(r.loading.value).toBe(false);
  });

  it('never lets an older, slower answer overwrite a newer one', async () => {
    const r = createResource<string>();
    const slow = deferred<string>();
    const first = r.load(() => slow.promise);
    await r.load(async () => 'new');
    slow.resolve('old');
    await first;
    expect(r.data.value).toBe('new');
  });
});
