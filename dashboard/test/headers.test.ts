import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboard } from '../build.ts';

let distDir: string;

// Cloudflare Pages' _headers format: a path line, then indented "Name: value" lines.
function headersFor(file: string, path: string): Record<string, string> {
  const blocks = file.split(/\n(?=\S)/);
  const block = blocks.find((b) => b.split('\n')[0]!.trim() === path) ?? '';
  return Object.fromEntries(
    block
      .split('\n')
      .slice(1)
      .filter((l) => l.trim())
      .map((l) => {
        const at = l.indexOf(':');
        return [l.slice(0, at).trim().toLowerCase(), l.slice(at + 1).trim()];
      }),
  );
}

function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );
}

beforeAll(async () => {
  distDir = mkdtempSync(join(tmpdir(), 'dashboard-headers-'));
  const before = process.env.VITE_API_URL;
  process.env.VITE_API_URL = 'https://api.tracker.example/';
  try {
    await buildDashboard({ outDir: distDir, quiet: true });
  } finally {
    if (before === undefined) delete process.env.VITE_API_URL;
    else process.env.VITE_API_URL = before;
  }
}, 120_000);

afterAll(() => rmSync(distDir, { recursive: true, force: true }));

describe('7. the built dashboard ships production security headers', () => {
  it('has a strict Content-Security-Policy, Referrer-Policy and X-Content-Type-Options on every path', () => {
    const headers = headersFor(readFileSync(join(distDir, '_headers'), 'utf8'), '/*');
    const csp = directives(headers['content-security-policy'] ?? '');
    expect(csp['script-src']).toEqual(["'self'"]);
    // The API's origin for fetches and its WebSocket origin for the live channel, nothing else.
    expect(csp['connect-src']).toEqual([
      "'self'",
      'https://api.tracker.example',
      'wss://api.tracker.example',
    ]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(headers['content-security-policy']).not.toMatch(/unsafe-|\*/);
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['x-content-type-options']).toBe('nosniff');
  });

  it('needs nothing the policy forbids: no inline scripts or styles in the built page', () => {
    const html = readFileSync(join(distDir, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\ssrc="\.\//);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\sstyle="|\son[a-z]+="/i);
  });
});
