/**
 * The dashboard keeps the API key in localStorage, so script injection is the threat: scripts only
 * from the dashboard's own origin, network calls only to itself and the API (and its live WebSocket), never framed. One
 * policy for the Pages `_headers` file written at build time and for the local server.
 */
export function securityHeaders(apiUrl: string): Record<string, string> {
  const api = new URL(apiUrl).origin;
  // The live channel is a WebSocket to the API's host (ws: or wss:).
  const live = api.replace(/^http/, 'ws');
  const policy = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src 'self' ${api} ${live}`,
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'Content-Security-Policy': policy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
  };
}

/** Cloudflare Pages' `_headers` file: the security headers on every path, long caching for hashed assets. */
export function pagesHeadersFile(apiUrl: string): string {
  const lines = [
    '/*',
    ...Object.entries(securityHeaders(apiUrl)).map(([name, value]) => `  ${name}: ${value}`),
    '',
  ];
  lines.push('/assets/*', '  Cache-Control: public, max-age=31536000, immutable', '');
  return lines.join('\n');
}
