import { describe, expect, it } from 'vitest';
import { configProblems } from '../../env.ts';

const random = (bytes: number) =>
  btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(bytes)))).replace(
    /[+/=]/g,
    'x',
  );

const production = () => ({
  DATABASE_URL: 'https://user:pscale_pw_abc@aws.connect.psdb.cloud',
  ADMIN_TOKEN: random(32),
  TRACKER_SECRET: random(48),
  DASHBOARD_ORIGIN: 'https://dashboard.example.com',
});

describe('7. safety rails: the worker refuses to start with a weak or local-only configuration', () => {
  it('starts with a production configuration', () => {
    expect(configProblems(production())).toEqual([]);
  });

  it.each([
    [
      'the test tracker secret once committed in vitest.config.ts',
      { TRACKER_SECRET: 'test-tracker-secret-0123456789abcdef0123456789' },
      /TRACKER_SECRET/,
    ],
    [
      'the test admin token once committed in vitest.config.ts',
      { ADMIN_TOKEN: 'test-admin-token-0123456789abcdef' },
      /ADMIN_TOKEN/,
    ],
    [
      'a demo placeholder',
      { TRACKER_SECRET: 'change-me-change-me-change-me-change-me' },
      /TRACKER_SECRET/,
    ],
    ['one repeated character', { TRACKER_SECRET: 'a'.repeat(64) }, /TRACKER_SECRET/],
    ['a short admin token', { ADMIN_TOKEN: 'short-token' }, /ADMIN_TOKEN/],
    ['an http DATABASE_URL', { DATABASE_URL: 'http://psdb:psdb@127.0.0.1:3900' }, /DATABASE_URL/],
    [
      'a loopback DASHBOARD_ORIGIN (wrangler.toml default)',
      { DASHBOARD_ORIGIN: 'http://127.0.0.1:8788' },
      /DASHBOARD_ORIGIN/,
    ],
    [
      'a localhost DASHBOARD_ORIGIN among others',
      { DASHBOARD_ORIGIN: 'https://dashboard.example.com, http://localhost:5173' },
      /DASHBOARD_ORIGIN/,
    ],
  ])('refuses %s', (_, change, names) => {
    const problems = configProblems({ ...production(), ...change });
    expect(problems.join('\n')).toMatch(names);
  });

  it('allows http and loopback only when the deployment is marked local, and never a known secret', () => {
    const local = {
      ...production(),
      LOCAL_DEPLOYMENT: 'true',
      DATABASE_URL: 'http://psdb:pw@127.0.0.1:3900',
      DASHBOARD_ORIGIN: 'http://127.0.0.1:8788',
    };
    expect(configProblems(local)).toEqual([]);
    expect(
      configProblems({
        ...local,
        TRACKER_SECRET: 'test-tracker-secret-0123456789abcdef0123456789',
      }).join(),
    ).toMatch(/TRACKER_SECRET/);
  });
});
