import { createServer, type IncomingMessage, type Server } from 'node:http';
import { describePostback, type PostbackOutcome } from './postback-outcome.ts';

export interface Advertiser {
  url: string;
  close(): Promise<void>;
}

interface CampaignFacts {
  currency: string;
  postbackToken: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * A demo advertiser: its landing page shows the click id it received, and its "convert" button
 * makes the server-to-server postback an advertiser's backend would make, with the postback token
 * of the advertiser owning the campaign, read from the tracker's API (so advertisers and campaigns
 * created while the stack runs work too). The amount is in the campaign's own currency. The page
 * then says what the tracker decided: approved, held, rejected or refused, never success for a failure.
 */
export async function startAdvertiser(opts: {
  port: number;
  apiUrl: () => string;
  adminToken: string;
}): Promise<Advertiser> {
  const admin = async <T>(path: string): Promise<T> => {
    const res = await fetch(new URL(path, opts.apiUrl()), {
      headers: { authorization: `Bearer ${opts.adminToken}`, accept: 'application/json' },
    });
    const body = (await res.json()) as { data?: T; error?: { message: string } };
    if (!res.ok || !body.data)
      throw new Error(`${path}: HTTP ${res.status} ${body.error?.message ?? ''}`);
    return body.data;
  };
  const campaignFacts = async (campaignId: number): Promise<CampaignFacts> => {
    const campaign = await admin<{ currency: string; advertiser_id: number }>(
      `/campaigns/${campaignId}`,
    );
    const advertiser = await admin<{ postback_token: string }>(
      `/advertisers/${campaign.advertiser_id}`,
    );
    return { currency: campaign.currency, postbackToken: advertiser.postback_token };
  };

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://advertiser.local');
    const html = (status: number, title: string, content: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      res.end(layout(title, content));
    };
    try {
      if (req.method === 'GET' && url.pathname === '/offer') {
        const q = url.searchParams;
        const campaignId = Number(q.get('campaign_id'));
        const currency = await campaignFacts(campaignId).then(
          (c) => c.currency,
          () => '',
        );
        html(
          200,
          'Demo advertiser',
          offerPage({
            clickId: q.get('click_id') ?? '',
            affiliateId: q.get('affiliate_id') ?? '',
            campaignId: q.get('campaign_id') ?? '',
            sub1: q.get('sub1') ?? '',
            currency,
          }),
        );
        return;
      }
      if (req.method === 'POST' && url.pathname === '/convert') {
        const form = new URLSearchParams(await body(req));
        const clickId = form.get('click_id') ?? '';
        const campaignId = Number(form.get('campaign_id'));
        const back = `/offer?click_id=${encodeURIComponent(clickId)}&affiliate_id=${encodeURIComponent(form.get('affiliate_id') ?? '')}&campaign_id=${campaignId}`;
        const facts = await campaignFacts(campaignId).catch((err: Error) => err);
        if (facts instanceof Error) {
          html(
            502,
            'Postback not sent',
            `<h1 data-outcome="failed">No conversion: the postback was not sent</h1>
<p>This server could not read campaign ${campaignId}'s advertiser from the tracker:</p><pre>${escapeHtml(facts.message)}</pre>
<p><a href="${escapeHtml(back)}">Back to the offer</a></p>`,
          );
          return;
        }
        // No currency: the tracker prices the amount in the campaign's own currency.
        const postback = new URL('/postback', opts.apiUrl());
        postback.search = new URLSearchParams({
          click_id: clickId,
          amount: form.get('amount') ?? '49.90',
          txid: `order_${Date.now()}`,
          token: facts.postbackToken,
        }).toString();
        const outcome: PostbackOutcome = await fetch(postback).then(
          async (r) => describePostback(r.status, await r.text()),
          (e: Error) => ({
            kind: 'failed',
            headline: 'No conversion: the tracker did not answer',
            detail: e.message,
            answer: '',
          }),
        );
        html(
          outcome.kind === 'failed' ? 502 : 200,
          outcome.kind === 'approved' ? 'Order placed' : 'Conversion not approved',
          `<h1 data-outcome="${outcome.kind}">${escapeHtml(outcome.headline)}</h1>
<p data-testid="outcome-detail">${escapeHtml(outcome.detail)}</p>
<p>This server just called the tracker's postback with the token of the advertiser owning campaign ${campaignId}. The tracker answered:</p><pre>${escapeHtml(outcome.answer)}</pre>
${outcome.kind === 'failed' ? '' : "<p>The conversion is in the affiliate's reports and dashboard.</p>"}
<p><a href="${escapeHtml(back)}">Back to the offer</a></p>`,
        );
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    } catch (err) {
      html(
        500,
        'Error',
        `<h1 data-outcome="failed">Error</h1><pre>${escapeHtml(String(err))}</pre>`,
      );
    }
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

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => resolve(data));
  });
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}code{background:#eef;padding:.1rem .3rem}button{font-size:1rem;padding:.6rem 1.2rem}pre{background:#f4f4f8;padding:1rem;white-space:pre-wrap;word-break:break-all}[data-outcome=failed],[data-outcome=rejected]{color:#a00}[data-outcome=pending]{color:#850}</style></head>
<body>${body}</body></html>`;
}

function offerPage(p: {
  clickId: string;
  affiliateId: string;
  campaignId: string;
  sub1: string;
  currency: string;
}): string {
  return `<h1>Demo advertiser landing page</h1>
<p>The tracker sent you here with click id <code data-testid="click-id">${escapeHtml(p.clickId)}</code>${p.sub1 ? ` (sub1 <code>${escapeHtml(p.sub1)}</code>)` : ''}.</p>
<form method="post" action="/convert">
<input type="hidden" name="click_id" value="${escapeHtml(p.clickId)}"><input type="hidden" name="affiliate_id" value="${escapeHtml(p.affiliateId)}"><input type="hidden" name="campaign_id" value="${escapeHtml(p.campaignId)}">
<label>Order amount${p.currency ? ` (${escapeHtml(p.currency)})` : ''} <input name="amount" value="49.90" inputmode="decimal"></label>
<button type="submit">Convert</button></form>
<p>Pressing Convert makes this server call the tracker's <code>/postback</code> with the postback token of the advertiser owning the campaign, as an advertiser's backend would.</p>`;
}
