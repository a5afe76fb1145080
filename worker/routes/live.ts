import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';
import { scopeOf } from '../live/events.ts';
import {
  EXPIRES_HEADER,
  issueTicket,
  NONCE_HEADER,
  TICKET_SECONDS,
  verifyTicket,
} from '../live/ticket.ts';
import { requireAuth } from '../middleware/auth.ts';
import { bearerSecurity, errorResponses, okContent, publicSecurity } from '../schemas/responses.ts';

export const ticketJson = z.object({
  ticket: z.string(),
  url: z.string(),
  scope: z.string(),
  expires_at: z.string(),
});

const ticketRoute = createRoute({
  operationId: 'createLiveTicket',
  method: 'post',
  path: '/live/ticket',
  summary: `A single-use ticket (valid ${TICKET_SECONDS} s) that opens the live channel of this key: GET /live?ticket=... with Upgrade: websocket`,
  ...bearerSecurity,
  middleware: [requireAuth()] as const,
  responses: { 201: { description: 'Ticket', content: okContent(ticketJson) }, ...errorResponses },
});

const channelRoute = createRoute({
  operationId: 'openLiveChannel',
  method: 'get',
  path: '/live',
  // No API key on the socket itself: the single-use ticket in the query is the credential.
  ...publicSecurity,
  summary:
    'WebSocket (?ticket= from POST /live/ticket) of live events for the ticket\'s scope: {"type":"events","events":[...]} per queue batch or postback',
  responses: {
    101: { description: 'Switching to WebSocket' },
    ...errorResponses,
    403: { description: 'Origin not allowed', content: errorResponses[400].content },
    // There is no 2xx: the upgrade is the success; anything else is an error in the one JSON shape.
    default: {
      description: 'Any other answer is an error in the one JSON error shape',
      content: errorResponses[400].content,
    },
  },
});

export function registerLiveRoutes(app: OpenAPIHono<AppEnv>) {
  app.get('/live', (c) => openChannel(c));
  app.openAPIRegistry.registerPath(channelRoute);
  return app.openapi(ticketRoute, async (c) => {
    const scope = scopeOf(c.var.principal);
    const { ticket, expiresAt } = await issueTicket(c.env.TRACKER_SECRET, scope);
    const url = new URL('/live', c.req.url);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('ticket', ticket);
    return c.json(
      {
        success: true as const,
        data: {
          ticket,
          url: url.toString(),
          scope,
          expires_at: new Date(expiresAt * 1000).toISOString(),
        },
      },
      201,
    );
  });
}

async function openChannel(c: Context<AppEnv>): Promise<Response> {
  const raw = c.req.query('ticket');
  if (!raw)
    throw new ApiError(
      'unauthorized',
      'Missing ticket: ask POST /live/ticket with your API key, then open GET /live?ticket=...',
    );
  const ticket = await verifyTicket(c.env.TRACKER_SECRET, raw);
  if (!ticket)
    throw new ApiError(
      'unauthorized',
      'Invalid or expired live ticket: ask POST /live/ticket for a new one',
    );
  // A browser always names its page's origin: only the dashboard may hold a live socket.
  const origin = c.req.header('origin');
  if (
    origin &&
    !c.env.DASHBOARD_ORIGIN.split(',')
      .map((o) => o.trim())
      .includes(origin)
  ) {
    throw new ApiError(
      'forbidden',
      `Origin ${origin} may not open the live channel (DASHBOARD_ORIGIN)`,
    );
  }
  if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
    throw new ApiError('bad_request', 'GET /live is a WebSocket: connect with Upgrade: websocket');
  }
  const headers = new Headers(c.req.raw.headers);
  headers.set(NONCE_HEADER, ticket.nonce);
  headers.set(EXPIRES_HEADER, String(ticket.expiresAt));
  const channel = c.env.LIVE.get(c.env.LIVE.idFromName(ticket.scope));
  const answer = await channel.fetch(new Request(c.req.url, { headers }));
  if (!answer.webSocket) return answer;
  return new Response(null, { status: 101, webSocket: answer.webSocket });
}
