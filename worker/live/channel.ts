import { DurableObject } from 'cloudflare:workers';
import type { Bindings } from '../env.ts';
import type { LiveEvent } from './events.ts';
import { EXPIRES_HEADER, NONCE_HEADER } from './ticket.ts';

/** A socket is re-authenticated this often: past it, the next event closes it and the page asks for a new ticket. */
export const CONNECTION_SECONDS = 15 * 60;

// Close code the dashboard answers by fetching a new ticket at once.
export const REAUTHENTICATE = 4001;

interface Attachment {
  until: number;
}

/**
 * One per scope (the admin, an affiliate, an advertiser). Holds the scope's dashboards' WebSockets with the
 * hibernation API, so an idle channel costs nothing, and fans each published batch out to them.
 * The worker has already checked the ticket's signature; this object makes it single-use.
 */
export class LiveChannel extends DurableObject<Bindings> {
  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    // Keep-alive pings are answered without waking the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('ping', 'pong'));
  }

  override async fetch(request: Request): Promise<Response> {
    const nonce = request.headers.get(NONCE_HEADER);
    const expires = Number(request.headers.get(EXPIRES_HEADER));
    if (!nonce || !Number.isFinite(expires))
      return refusal(400, 'bad_request', 'Open the live channel through GET /live');
    if (!(await this.spend(nonce, expires))) {
      return refusal(
        401,
        'unauthorized',
        'This live ticket was already used: ask POST /live/ticket for a new one',
      );
    }
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({
      until: Date.now() + CONNECTION_SECONDS * 1000,
    } satisfies Attachment);
    server.send(JSON.stringify({ type: 'hello', connections: this.ctx.getWebSockets().length }));
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Sends one message with the batch's events to every open dashboard; returns how many got it. */
  broadcast(events: LiveEvent[]): number {
    if (events.length === 0) return 0;
    const message = JSON.stringify({ type: 'events', events });
    const now = Date.now();
    let sent = 0;
    for (const socket of this.ctx.getWebSockets()) {
      const attachment = socket.deserializeAttachment() as Attachment | null;
      try {
        if (!attachment || attachment.until < now) {
          socket.close(REAUTHENTICATE, 'Ticket lifetime over: reconnect with a new ticket');
          continue;
        }
        socket.send(message);
        sent++;
      } catch {
        // Already closing: the runtime drops it from getWebSockets() on its own.
      }
    }
    return sent;
  }

  override webSocketMessage(): void {
    // Dashboards only listen; "ping" is answered by the auto-response above.
  }

  override webSocketClose(socket: WebSocket, code: number, reason: string): void {
    try {
      socket.close(code === 1005 ? 1000 : code, reason);
    } catch {
      // Already closed.
    }
  }

  // A ticket opens one connection: its nonce is kept until the ticket would have expired anyway.
  private async spend(nonce: string, expiresAt: number): Promise<boolean> {
    const key = `ticket:${nonce}`;
    if ((await this.ctx.storage.get(key)) !== undefined) return false;
    await this.ctx.storage.put(key, expiresAt);
    const now = Date.now() / 1000;
    const spent = await this.ctx.storage.list<number>({ prefix: 'ticket:' });
    const stale = [...spent].filter(([, until]) => until < now).map(([k]) => k);
    if (stale.length) await this.ctx.storage.delete(stale);
    return true;
  }
}

function refusal(status: number, code: string, message: string): Response {
  return Response.json({ success: false, error: { code, message } }, { status });
}
