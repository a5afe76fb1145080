// The redirect's unavoidable parts alone (HMAC-signed click id, queue send, rate-limit call, 302),
// so the tracker's ratio can be split into what the bindings cost and what the app adds.
const encoder = new TextEncoder();
let key;
const buffered = [];
let flushing = null;

async function sign(secret, body) {
  key ??= await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(body)));
  return btoa(String.fromCharCode(...mac.slice(0, 12)));
}

// The request that finds no flush pending owns the next one; the others only add to the buffer
// and await nothing, so no promise crosses from one request's context to another's.
function buffer(env, body) {
  buffered.push({ body });
  if (flushing) return undefined;
  flushing = new Promise((resolve) => setTimeout(resolve, 10)).then(() => {
    const batch = buffered.splice(0, 100);
    flushing = null;
    return env.FLOOR_QUEUE.sendBatch(batch);
  });
  return flushing;
}

export default {
  async fetch(request, env, ctx) {
    const step = new URL(request.url).pathname.slice(1);
    if ((step === 'ratelimit' || step === 'all') && env.FLOOR_LIMITER) {
      const visitor = await sign(env.SECRET, request.headers.get('cf-connecting-ip') ?? '');
      const { success } = await env.FLOOR_LIMITER.limit({ key: visitor });
      if (!success) return new Response('limited', { status: 429 });
    }
    const body = `1.1.${Math.floor(Date.now() / 1000).toString(36)}.${crypto.randomUUID().slice(0, 8)}`;
    const clickId = `${body}.${await sign(env.SECRET, body)}`;
    const message = {
      clickId,
      userAgent: request.headers.get('user-agent'),
      timestamp: new Date().toISOString(),
    };
    if (step === 'queue' || step === 'all') ctx.waitUntil(env.FLOOR_QUEUE.send(message));
    if (step === 'buffered') {
      const flush = buffer(env, message);
      if (flush) ctx.waitUntil(flush);
    }
    return Response.redirect(`https://offer.example/offer?click_id=${clickId}`, 302);
  },
  async queue(batch) {
    batch.ackAll();
  },
};
