import type { Context, Env, Input } from 'hono';

// 404: the link points at nothing we know. 410: it existed but no longer takes traffic.
export type UnavailableStatus = 404 | 410;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<title>Offer unavailable</title>
<style>body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;font:16px/1.5 system-ui,sans-serif;color:#222;background:#f6f6f6}main{max-width:28rem;padding:2rem;text-align:center}h1{font-size:1.25rem;margin:0 0 .5rem}p{margin:0;color:#555}</style>
</head>
<body><main><h1>This offer is no longer available</h1><p>The link you followed has expired or been switched off. You can close this page.</p></main></body>
</html>
`;

// A visitor who cannot be sent to the offer goes to the fallback URL, else sees a small page; never JSON.
export function offerUnavailable<E extends Env, P extends string, I extends Input>(
  c: Context<E, P, I>,
  fallbackUrl: string | null | undefined,
  status: UnavailableStatus,
): Response {
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  if (fallbackUrl) return c.redirect(new URL(fallbackUrl).href, 302);
  return c.html(PAGE, status);
}
