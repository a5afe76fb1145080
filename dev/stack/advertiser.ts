import { createServer, type Server } from 'node:http';

export interface Advertiser {
  url: string;
  close(): Promise<void>;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * A demo advertiser: its landing page shows the click id it received, and its "convert"
 * button makes the server-to-server postback an advertiser's backend would make, with the
 * postback token of the advertiser owning the campaign. That credential decides status, so the
 * conversion is approved; an affiliate's postback secret would only record a pending one.
 */
export async function startAdvertiser(opts: {
  port: number;
  apiUrl: () => string;
  /** The postback token of the advertiser owning a campaign. */
  tokenFor: (campaignId: number) => string;
}): Promise<Advertiser> {
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://advertiser.local');
    if (req.method === 'GET' && url.pathname === '/offer') {
      const clickId = url.searchParams.get('click_id') ?? '';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        page(
          clickId,
          url.searchParams.get('affiliate_id') ?? '',
          url.searchParams.get('campaign_id') ?? '',
          url.searchParams.get('sub1') ?? '',
        ),
      );
      return;
    }
    if (req.method === 'POST' && url.pathname === '/convert') {
      const form = new URLSearchParams(await body(req));
      const affiliateId = Number(form.get('affiliate_id'));
      const campaignId = Number(form.get('campaign_id'));
      const token = opts.tokenFor(campaignId);
      const postback = new URL('/postback', opts.apiUrl());
      postback.search = new URLSearchParams({
        click_id: form.get('click_id') ?? '',
        amount: form.get('amount') ?? '49.90',
        currency: 'USD',
        txid: `order_${Date.now()}`,
        token,
      }).toString();
      const answer = await fetch(postback).then(
        async (r) => `HTTP ${r.status}\n${pretty(await r.text())}`,
        (e: Error) => `failed: ${e.message}`,
      );
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        layout(
          'Order placed',
          `<h1>Thanks for your order</h1><p>This server just called the tracker's postback:</p><pre>${escapeHtml(answer)}</pre>
<p>The conversion now shows in the affiliate's reports and dashboard.</p>
<p><a href="/offer?click_id=${encodeURIComponent(form.get('click_id') ?? '')}&affiliate_id=${affiliateId}&campaign_id=${campaignId}">Back to the offer</a></p>`,
        ),
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise<void>((resolve, reject) =>
    server.once('error', reject).listen(opts.port, '127.0.0.1', resolve),
  );
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

function body(req: import('node:http').IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => resolve(data));
  });
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}code{background:#eef;padding:.1rem .3rem}button{font-size:1rem;padding:.6rem 1.2rem}pre{background:#f4f4f8;padding:1rem;white-space:pre-wrap;word-break:break-all}</style></head>
<body>${body}</body></html>`;
}

function page(clickId: string, affiliateId: string, campaignId: string, sub1: string): string {
  return layout(
    'Demo advertiser',
    `<h1>Demo advertiser landing page</h1>
<p>The tracker sent you here with click id <code data-testid="click-id">${escapeHtml(clickId)}</code>${sub1 ? ` (sub1 <code>${escapeHtml(sub1)}</code>)` : ''}.</p>
<form method="post" action="/convert">
<input type="hidden" name="click_id" value="${escapeHtml(clickId)}"><input type="hidden" name="affiliate_id" value="${escapeHtml(affiliateId)}"><input type="hidden" name="campaign_id" value="${escapeHtml(campaignId)}">
<label>Order amount (USD) <input name="amount" value="49.90" inputmode="decimal"></label>
<button type="submit">Convert</button></form>
<p>Pressing Convert makes this server call the tracker's <code>/postback</code> with the advertiser's postback token, as an advertiser's backend would.</p>`,
  );
}
