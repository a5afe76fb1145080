import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';
import { errorResponses, publicSecurity } from '../schemas/responses.ts';
import { conversionToJson, recordedConversion } from '../serializers/conversion.ts';
import { postbackInput } from '../tracking/postback.ts';
import { SIGNATURE_HEADER } from '../tracking/postback-auth.ts';
import { acceptPostback } from '../tracking/postback-request.ts';
import { paramsToObject, parseBody, readBody } from '../http/postback-params.ts';
import { OUTGOING_POSTBACK_HEADER } from '../lib/postback-destination.ts';

export const postbackResponse = z.object({
  success: z.literal(true),
  message: z.string(),
  duplicate: z.boolean(),
  status_changed: z.boolean(),
  queued: z.boolean().optional(),
  data: recordedConversion.optional(),
});

const responses = {
  200: {
    description: 'Conversion recorded, or the original for a replay',
    content: { 'application/json': { schema: postbackResponse } },
  },
  202: {
    description: 'Database unavailable: accepted and queued, applied exactly once later',
    content: { 'application/json': { schema: postbackResponse } },
  },
  ...errorResponses,
};

const signatureHeader = z.object({ [SIGNATURE_HEADER]: z.string().optional() });

const getRoute = createRoute({
  operationId: 'recordPostback',
  method: 'get',
  path: '/postback',
  summary: 'Record a conversion (server-to-server postback)',
  ...publicSecurity,
  request: { query: postbackInput, headers: signatureHeader },
  responses,
});

const postRoute = createRoute({
  operationId: 'recordPostbackFromBody',
  method: 'post',
  path: '/postback',
  summary: 'Record a conversion from a JSON or form body',
  ...publicSecurity,
  request: {
    headers: signatureHeader,
    body: {
      content: {
        'application/json': { schema: postbackInput },
        'application/x-www-form-urlencoded': { schema: postbackInput },
      },
    },
  },
  responses,
});

export function registerPostbackRoutes(app: OpenAPIHono<AppEnv>) {
  // Handlers read the raw request themselves: the signature covers the bytes as sent.
  app.get('/postback', (c) => handlePostback(c));
  app.post('/postback', (c) => handlePostback(c));
  app.openAPIRegistry.registerPath(getRoute);
  app.openAPIRegistry.registerPath(postRoute);
  return app;
}

async function handlePostback(c: Context<AppEnv>): Promise<Response> {
  const receivedAt = new Date();
  if (c.req.header(OUTGOING_POSTBACK_HEADER) !== undefined) {
    throw new ApiError(
      'forbidden',
      "This request is a tracker's outgoing postback: an affiliate's postback URL points at a tracker's /postback, which would loop",
    );
  }
  const url = new URL(c.req.url);
  const query = paramsToObject(url.searchParams);
  let payload = url.search.slice(1);
  let fields: Record<string, unknown> = query;
  if (c.req.method === 'POST') {
    const raw = await readBody(c);
    payload = raw;
    const body = parseBody(c.req.header('content-type'), raw);
    const clash = Object.keys(body).find((k) => k in query);
    if (clash)
      throw new ApiError('bad_request', `${clash} is given both in the URL and in the body`);
    // The signature covers only the body, so unsigned URL fields could be added to a captured request.
    if (c.req.header(SIGNATURE_HEADER) !== undefined && url.searchParams.size > 0) {
      throw new ApiError(
        'unauthorized',
        `A signed POST must carry every field in the signed body: ${[...url.searchParams.keys()].join(', ')} is in the URL`,
      );
    }
    fields = { ...query, ...body };
  }
  const answer = await acceptPostback(c, {
    fields,
    target: c.req.method === 'POST' ? 'json' : 'query',
    payload,
    signature: c.req.header(SIGNATURE_HEADER),
    preset: null,
    receivedAt,
  });
  if (answer.result === 'queued') {
    return c.json(
      {
        success: true as const,
        message: 'Database unavailable: postback queued and will be recorded exactly once',
        duplicate: false,
        status_changed: false,
        queued: true,
      },
      202,
    );
  }
  return c.json(
    {
      success: true as const,
      message: messages[answer.result],
      duplicate: answer.result === 'duplicate',
      status_changed: answer.result === 'status_changed',
      data: conversionToJson.recorded(answer.conversion!),
    },
    200,
  );
}

const messages = {
  created: 'Conversion tracked successfully',
  duplicate: 'Duplicate postback: the original conversion is returned',
  status_changed: 'Conversion status updated',
};
